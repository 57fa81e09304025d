/* SPDX-License-Identifier: BSD-2-Clause */
/* What a fuzz target gives the standalone driver (driver.c). */
#ifndef JT_FUZZ_H
#define JT_FUZZ_H
#include <stddef.h>
#include <stdint.h>

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/*
 * Optional: seeds made in code (binary formats), each passed to add.
 * Only the standalone driver calls it; libFuzzer takes a corpus directory.
 */
void	jt_fuzz_seeds(void (*add)(const void *data, size_t len));
#endif
