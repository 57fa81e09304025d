/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef JT_JSON_H
#define JT_JSON_H
#include <stdio.h>
/* Write s as a JSON string (null for NULL). Bytes >= 0x80 pass through. */
void	json_str(FILE *f, const char *s);
#endif
