/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ELF facts from a memory buffer, through libelf/gelf.  Everything read
 * from the file is bounded: libelf checks section data against the image,
 * and this file checks what libelf does not (program header ranges, string
 * termination, version chains, counts).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <gelf.h>
#include <libelf.h>

#include "jailtrim/elf.h"
#include "util.h"

#ifndef ELFOSABI_FREEBSD
#define ELFOSABI_FREEBSD	9
#endif
#ifndef DF_1_NODEFLIB
#define DF_1_NODEFLIB		0x800
#endif
#define NT_FREEBSD_ABI_TAG	1
#define NT_GNU_ABI_TAG_		1
#define MAX_VERSIONS		0x7fff	/* versym indices are 15 bits */
#define MAX_SYMS		(1u << 24)

struct jt_elf {
	Elf			*elf;
	struct jt_elf_info	 info;
	struct jt_arena		 arena;
	const char		*name;
	/* version index -> name (defined) or need (undefined) */
	const char		**vdef_by_ndx;
	const struct jt_elf_vneed **vneed_by_ndx;
	size_t			  nslots;
};

bool
jt_elf_is_elf(const void *buf, size_t len)
{
	return (len >= 4 && memcmp(buf, ELFMAG, SELFMAG) == 0);
}

static int
bad(struct jt_elf *e, struct jt_err *err, const char *what)
{
	const char *le = elf_errmsg(-1);

	if (le != NULL && elf_errno() != 0)
		return (jt_err_set(err, JT_EFORMAT, 0, e->name,
		    "malformed ELF object: %s (%s)", what, le));
	return (jt_err_set(err, JT_EFORMAT, 0, e->name,
	    "malformed ELF object: %s", what));
}

static int
nomem(struct jt_elf *e, struct jt_err *err)
{
	return (jt_err_set(err, JT_ENOMEM, errno, e->name, "out of memory"));
}

/* (off, size) within len, without overflow. */
static bool
in_range(uint64_t off, uint64_t size, size_t len)
{
	return (off <= len && size <= len - off);
}

/*
 * libelf quietly reports no sections when the section header table lies
 * outside the image; an object would then seem to need nothing.
 */
static int
check_tables(struct jt_elf *e, const GElf_Ehdr *eh, size_t len,
    struct jt_err *err)
{
	size_t shnum, phnum;

	if (elf_getshdrnum(e->elf, &shnum) != 0 ||
	    elf_getphdrnum(e->elf, &phnum) != 0)
		return (bad(e, err, "bad header counts"));
	/* The header's own counts: loaders know no extended numbering. */
	if (eh->e_shnum != 0)
		shnum = eh->e_shnum;
	phnum = eh->e_phnum;
	/* Linux's binfmt_elf (and FreeBSD's imgact_elf) cap the table. */
	if ((uint64_t)phnum * eh->e_phentsize > 65536)
		return (bad(e, err, "too many program headers for a loader"));
	if (eh->e_phoff != 0 && (eh->e_phentsize == 0 ||
	    !in_range(eh->e_phoff, (uint64_t)phnum * eh->e_phentsize, len)))
		return (bad(e, err, "program header table outside the file"));
	if (eh->e_shoff != 0 && (eh->e_shentsize == 0 ||
	    !in_range(eh->e_shoff, (uint64_t)shnum * eh->e_shentsize, len)))
		return (bad(e, err, "section header table outside the file"));
	return (0);
}

struct seg {
	uint64_t	vaddr, filesz, offset;
};

/*
 * The program headers, as the kernel and the run-time linker read them:
 * PT_INTERP (a NUL-terminated path), PT_LOAD (to map addresses to file
 * offsets) and PT_DYNAMIC.
 */
static int
read_phdrs(struct jt_elf *e, const char *buf, size_t len, struct seg **loads,
    size_t *nloads, GElf_Phdr *dyn, struct jt_err *err)
{
	size_t n;
	GElf_Phdr ph;
	const char *p;

	*nloads = 0;
	if (elf_getphdrnum(e->elf, &n) != 0)
		return (bad(e, err, "cannot read program headers"));
	if ((*loads = arena_alloc(&e->arena, (n + 1) * sizeof(**loads))) == NULL)
		return (nomem(e, err));
	for (size_t i = 0; i < n; i++) {
		if (gelf_getphdr(e->elf, (int)i, &ph) == NULL)
			return (bad(e, err, "bad program header"));
		if (ph.p_type == PT_LOAD) {
			if (!in_range(ph.p_offset, ph.p_filesz, len))
				return (bad(e, err, "PT_LOAD outside the file"));
			(*loads)[(*nloads)++] = (struct seg){ ph.p_vaddr,
			    ph.p_filesz, ph.p_offset };
		} else if (ph.p_type == PT_DYNAMIC && !e->info.dynamic) {
			e->info.dynamic = true;
			*dyn = ph;
		} else if (ph.p_type == PT_INTERP) {
			if (!in_range(ph.p_offset, ph.p_filesz, len) ||
			    ph.p_filesz == 0)
				return (bad(e, err, "PT_INTERP outside the file"));
			/* Both kernels insist on the terminating NUL. */
			p = buf + ph.p_offset;
			if (p[ph.p_filesz - 1] != '\0' ||
			    strlen(p) != ph.p_filesz - 1)
				return (bad(e, err, "PT_INTERP is not one "
				    "NUL-terminated path"));
			if ((e->info.interp = arena_strdup(&e->arena, p)) == NULL)
				return (nomem(e, err));
		}
	}
	return (0);
}

/* File offset of [vaddr, vaddr + size) within one PT_LOAD's file part. */
static bool
map_addr(const struct seg *loads, size_t n, uint64_t vaddr, uint64_t size,
    uint64_t *off)
{
	for (size_t i = 0; i < n; i++) {
		if (vaddr < loads[i].vaddr ||
		    vaddr - loads[i].vaddr > loads[i].filesz ||
		    size > loads[i].filesz - (vaddr - loads[i].vaddr))
			continue;
		*off = loads[i].offset + (vaddr - loads[i].vaddr);
		return (true);
	}
	return (false);
}

/* A string of DT_STRTAB: inside DT_STRSZ and NUL-terminated there. */
static const char *
dynstr(const char *strtab, uint64_t strsz, uint64_t off)
{
	if (off >= strsz || memchr(strtab + off, '\0', strsz - off) == NULL)
		return (NULL);
	return (strtab + off);
}

/*
 * The dynamic array at PT_DYNAMIC's address, and its strings at
 * DT_STRTAB's, both through the loadable segments: what the run-time
 * linker reads, whatever the section headers say (or if there are none).
 */
static int
read_dynamic(struct jt_elf *e, const char *buf, const struct seg *loads,
    size_t nloads, const GElf_Phdr *ph, struct jt_err *err)
{
	size_t n, entsz = gelf_fsize(e->elf, ELF_T_DYN, 1, EV_CURRENT);
	uint64_t dynoff, stroff, strtab = 0, strsz = 0, nneeded = 0;
	bool have_strtab = false;
	Elf_Data *d;
	GElf_Dyn dyn;
	const char *strs, *st;

	if (!map_addr(loads, nloads, ph->p_vaddr, ph->p_filesz, &dynoff))
		return (bad(e, err, "PT_DYNAMIC outside every loadable "
		    "segment"));
	if (entsz == 0 || (d = elf_getdata_rawchunk(e->elf, (int64_t)dynoff,
	    ph->p_filesz, ELF_T_DYN)) == NULL)
		return (bad(e, err, "cannot read the dynamic array"));
	n = d->d_size / entsz;
	for (size_t i = 0; i < n; i++) {
		if (gelf_getdyn(d, (int)i, &dyn) == NULL)
			return (bad(e, err, "bad dynamic entry"));
		if (dyn.d_tag == DT_NULL)
			break;
		if (dyn.d_tag == DT_STRTAB) {
			strtab = dyn.d_un.d_ptr;
			have_strtab = true;
		} else if (dyn.d_tag == DT_STRSZ)
			strsz = dyn.d_un.d_val;
		else if (dyn.d_tag == DT_NEEDED)
			nneeded++;
	}
	if ((e->info.needed = arena_alloc(&e->arena,
	    (nneeded + 1) * sizeof(char *))) == NULL)
		return (nomem(e, err));
	if (!have_strtab)
		return (nneeded == 0 ? 0 : bad(e, err, "DT_NEEDED without "
		    "DT_STRTAB"));
	if (!map_addr(loads, nloads, strtab, strsz, &stroff))
		return (bad(e, err, "DT_STRTAB outside every loadable segment"));
	strs = buf + stroff;
	for (size_t i = 0; i < n; i++) {
		if (gelf_getdyn(d, (int)i, &dyn) == NULL || dyn.d_tag == DT_NULL)
			break;
		switch (dyn.d_tag) {
		case DT_NEEDED: case DT_SONAME: case DT_RPATH: case DT_RUNPATH:
			if ((st = dynstr(strs, strsz, dyn.d_un.d_val)) == NULL)
				return (bad(e, err, "dynamic entry names a "
				    "string outside DT_STRTAB"));
			if (dyn.d_tag == DT_NEEDED)
				e->info.needed[e->info.nneeded++] = st;
			else if (dyn.d_tag == DT_SONAME)
				e->info.soname = st;
			else if (dyn.d_tag == DT_RPATH)
				e->info.rpath = st;
			else
				e->info.runpath = st;
			break;
		case DT_FLAGS:
			e->info.flags = dyn.d_un.d_val;
			break;
		case DT_FLAGS_1:
			e->info.flags_1 = dyn.d_un.d_val;
			break;
		}
	}
	return (0);
}

static const char *
str(struct jt_elf *e, size_t strndx, uint64_t off)
{
	return (elf_strptr(e->elf, strndx, off));
}

/*
 * Version index -> name tables.  Indices are small and dense in practice
 * (one per definition or need, plus the two reserved ones); anything
 * outside the table is treated as unknown.
 */
static int
version_slots(struct jt_elf *e, size_t nslots, struct jt_err *err)
{
	if (nslots > MAX_VERSIONS + 1)
		nslots = MAX_VERSIONS + 1;
	e->vdef_by_ndx = arena_alloc(&e->arena,
	    nslots * sizeof(*e->vdef_by_ndx));
	e->vneed_by_ndx = arena_alloc(&e->arena,
	    nslots * sizeof(*e->vneed_by_ndx));
	if (e->vdef_by_ndx == NULL || e->vneed_by_ndx == NULL)
		return (nomem(e, err));
	memset(e->vdef_by_ndx, 0, nslots * sizeof(*e->vdef_by_ndx));
	memset(e->vneed_by_ndx, 0, nslots * sizeof(*e->vneed_by_ndx));
	e->nslots = nslots;
	return (0);
}

static int
read_verdef(struct jt_elf *e, Elf_Scn *scn, const GElf_Shdr *sh,
    struct jt_err *err)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	GElf_Verdef vd;
	GElf_Verdaux aux;
	size_t off = 0, cnt = sh->sh_info, ndef = 0;
	const char *name;

	if (d == NULL)
		return (bad(e, err, "cannot read .gnu.version_d"));
	if (cnt > MAX_VERSIONS)
		return (bad(e, err, "too many version definitions"));
	if ((e->info.vdef = arena_alloc(&e->arena,
	    (cnt + 1) * sizeof(char *))) == NULL)
		return (nomem(e, err));
	for (size_t i = 0; i < cnt; i++) {
		if (gelf_getverdef(d, (int)off, &vd) == NULL)
			return (bad(e, err, "version definition outside "
			    "its section"));
		/* rtld-elf: "Unsupported version %d of Elf_Verdef entry" */
		if (vd.vd_version != 1)
			return (bad(e, err, "unsupported Elf_Verdef version"));
		if (vd.vd_cnt < 1 ||
		    gelf_getverdaux(d, (int)(off + vd.vd_aux), &aux) == NULL ||
		    (name = str(e, sh->sh_link, aux.vda_name)) == NULL)
			return (bad(e, err, "bad version definition name"));
		if ((vd.vd_ndx & 0x7fff) < e->nslots)
			e->vdef_by_ndx[vd.vd_ndx & 0x7fff] = name;
		if (!(vd.vd_flags & VER_FLG_BASE))
			e->info.vdef[ndef++] = name;
		if (vd.vd_next == 0)
			break;
		off += vd.vd_next;
	}
	e->info.nvdef = ndef;
	return (0);
}

static int
read_verneed(struct jt_elf *e, Elf_Scn *scn, const GElf_Shdr *sh,
    struct jt_err *err)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	GElf_Verneed vn;
	GElf_Vernaux aux;
	struct jt_elf_vneed *out;
	size_t off = 0, aoff, cnt = sh->sh_info, total = 0, room;
	const char *file;

	if (d == NULL)
		return (bad(e, err, "cannot read .gnu.version_r"));
	if (cnt > MAX_VERSIONS)
		return (bad(e, err, "too many version needs"));
	/* Each need takes at least one Vernaux in the section. */
	room = d->d_size / sizeof(Elf32_Vernaux) + 1;
	if ((out = arena_alloc(&e->arena, room * sizeof(*out))) == NULL)
		return (nomem(e, err));
	for (size_t i = 0; i < cnt; i++) {
		if (gelf_getverneed(d, (int)off, &vn) == NULL)
			return (bad(e, err, "version need outside its section"));
		if (vn.vn_version != 1)
			return (bad(e, err, "unsupported Elf_Verneed version"));
		if ((file = str(e, sh->sh_link, vn.vn_file)) == NULL)
			return (bad(e, err, "bad version need file name"));
		aoff = off + vn.vn_aux;
		for (size_t j = 0; j < vn.vn_cnt; j++) {
			if (total >= room ||
			    gelf_getvernaux(d, (int)aoff, &aux) == NULL)
				return (bad(e, err, "bad version need entry"));
			out[total].file = file;
			if ((out[total].name = str(e, sh->sh_link,
			    aux.vna_name)) == NULL)
				return (bad(e, err, "bad version need name"));
			out[total].weak = (aux.vna_flags & VER_FLG_WEAK) != 0;
			if ((aux.vna_other & 0x7fff) < e->nslots)
				e->vneed_by_ndx[aux.vna_other & 0x7fff] =
				    &out[total];
			total++;
			if (aux.vna_next == 0)
				break;
			aoff += aux.vna_next;
		}
		if (vn.vn_next == 0)
			break;
		off += vn.vn_next;
	}
	e->info.vneed = out;
	e->info.nvneed = total;
	return (0);
}

static int
read_notes(struct jt_elf *e, Elf_Scn *scn)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	GElf_Nhdr nh;
	size_t off = 0, next, noff, doff;
	const unsigned char *p;

	if (d == NULL || d->d_buf == NULL)
		return (0);		/* notes are a hint, not a must */
	while (off < d->d_size &&
	    (next = gelf_getnote(d, off, &nh, &noff, &doff)) != 0) {
		p = (const unsigned char *)d->d_buf;
		if (nh.n_namesz == 8 && memcmp(p + noff, "FreeBSD", 8) == 0 &&
		    nh.n_type == NT_FREEBSD_ABI_TAG && nh.n_descsz == 4) {
			uint32_t v;

			memcpy(&v, p + doff, 4);
			if (e->info.msb != (__BYTE_ORDER__ ==
			    __ORDER_BIG_ENDIAN__))
				v = __builtin_bswap32(v);
			e->info.abi_version = v;
			e->info.abi = JT_ABI_FREEBSD;
		} else if (nh.n_namesz == 4 && memcmp(p + noff, "GNU", 4) == 0 &&
		    nh.n_type == NT_GNU_ABI_TAG_ && e->info.abi == JT_ABI_UNKNOWN)
			e->info.abi = JT_ABI_LINUX;
		off = next;
	}
	return (0);
}

static int
read_dynsym(struct jt_elf *e, Elf_Scn *scn, const GElf_Shdr *sh,
    Elf_Data *versym, struct jt_err *err)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	size_t n, nout = 0, entsz = gelf_fsize(e->elf, ELF_T_SYM, 1, EV_CURRENT);
	struct jt_elf_sym *out;
	GElf_Sym sym;
	GElf_Versym vs;

	if (d == NULL || entsz == 0)
		return (bad(e, err, "cannot read .dynsym"));
	if ((n = d->d_size / entsz) > MAX_SYMS)
		return (bad(e, err, "absurd number of dynamic symbols"));
	if (n == 0)
		return (0);
	if ((out = arena_alloc(&e->arena, n * sizeof(*out))) == NULL)
		return (nomem(e, err));
	for (size_t i = 1; i < n; i++) {
		struct jt_elf_sym *s = &out[nout];
		int bind, type;
		unsigned ndx;

		if (gelf_getsym(d, (int)i, &sym) == NULL)
			return (bad(e, err, "bad dynamic symbol"));
		bind = GELF_ST_BIND(sym.st_info);
		type = GELF_ST_TYPE(sym.st_info);
		if (bind == STB_LOCAL || type == STT_SECTION || type == STT_FILE)
			continue;
		if ((s->name = str(e, sh->sh_link, sym.st_name)) == NULL)
			return (bad(e, err, "symbol name outside .dynstr"));
		if (s->name[0] == '\0')
			continue;
		*s = (struct jt_elf_sym){ .name = s->name };
		s->hash = jt_hash(s->name, strlen(s->name));
		s->defined = sym.st_shndx != SHN_UNDEF;
		s->weak = bind == STB_WEAK;
		if (versym != NULL && gelf_getversym(versym, (int)i, &vs) != NULL &&
		    e->nslots > 0) {
			ndx = vs & 0x7fff;
			s->hidden = (vs & 0x8000) != 0;
			if (ndx < 2 || ndx >= e->nslots)
				;	/* unversioned, or an unknown index */
			else if (s->defined)
				s->version = e->vdef_by_ndx[ndx];
			else if (e->vneed_by_ndx[ndx] != NULL) {
				s->version = e->vneed_by_ndx[ndx]->name;
				s->vfile = e->vneed_by_ndx[ndx]->file;
			}
		}
		nout++;
	}
	e->info.syms = out;
	e->info.nsyms = nout;
	return (0);
}

static int
read_sections(struct jt_elf *e, struct jt_err *err)
{
	Elf_Scn *scn = NULL, *dynsym = NULL, *verdef = NULL, *verneed = NULL;
	GElf_Shdr sh, dynsym_sh = { 0 }, verdef_sh = { 0 }, verneed_sh = { 0 };
	Elf_Data *versym = NULL;
	size_t nslots = 2;
	int rc;

	while ((scn = elf_nextscn(e->elf, scn)) != NULL) {
		if (gelf_getshdr(scn, &sh) == NULL)
			return (bad(e, err, "bad section header"));
		rc = 0;
		switch (sh.sh_type) {
		case SHT_NOTE:
			rc = read_notes(e, scn);
			break;
		case SHT_GNU_verdef:
			verdef = scn;
			verdef_sh = sh;
			nslots += sh.sh_info;
			break;
		case SHT_GNU_verneed:
			verneed = scn;
			verneed_sh = sh;
			/* at most one need per Vernaux in the section */
			nslots += sh.sh_size / sizeof(Elf32_Vernaux);
			break;
		case SHT_GNU_versym:
			if ((versym = elf_getdata(scn, NULL)) == NULL)
				return (bad(e, err, "cannot read .gnu.version"));
			break;
		case SHT_DYNSYM:
			dynsym = scn;
			dynsym_sh = sh;
			break;
		}
		if (rc != 0)
			return (rc);
	}
	/* Version tables before symbols: symbols refer to them. */
	if ((verdef != NULL || verneed != NULL) &&
	    (rc = version_slots(e, nslots, err)) != 0)
		return (rc);
	if (verdef != NULL && (rc = read_verdef(e, verdef, &verdef_sh, err)) != 0)
		return (rc);
	if (verneed != NULL &&
	    (rc = read_verneed(e, verneed, &verneed_sh, err)) != 0)
		return (rc);
	if (dynsym != NULL) {
		e->info.syms_known = true;
		return (read_dynsym(e, dynsym, &dynsym_sh, versym, err));
	}
	return (0);
}

static void
decide_abi(struct jt_elf_info *in)
{
	if (in->osabi == ELFOSABI_FREEBSD) {
		in->abi = JT_ABI_FREEBSD;
		return;
	}
	if (in->abi != JT_ABI_UNKNOWN)
		return;
	if (in->osabi == ELFOSABI_LINUX ||
	    (in->interp != NULL && (strstr(in->interp, "/ld-linux") != NULL ||
	    strstr(in->interp, "/ld64.so") != NULL)))
		in->abi = JT_ABI_LINUX;
	else if (in->interp != NULL && strstr(in->interp, "/ld-elf") != NULL)
		in->abi = JT_ABI_FREEBSD;
}

int
jt_elf_open_mem(struct jt_elf **out, void *buf, size_t len, const char *name,
    struct jt_err *err)
{
	struct jt_elf *e;
	struct seg *loads;
	size_t nloads;
	GElf_Phdr dynph = { 0 };
	GElf_Ehdr eh;
	int rc;

	*out = NULL;
	if (!jt_elf_is_elf(buf, len))
		return (jt_err_set(err, JT_EFORMAT, 0, name,
		    "not an ELF object"));
	if (len < EI_NIDENT + 16)
		return (jt_err_set(err, JT_EFORMAT, 0, name,
		    "malformed ELF object: truncated header"));
	if (elf_version(EV_CURRENT) == EV_NONE)
		return (jt_err_set(err, JT_EUNSUPP, 0, name,
		    "libelf is out of date"));
	if ((e = calloc(1, sizeof(*e))) == NULL)
		return (jt_err_set(err, JT_ENOMEM, errno, name, "calloc"));
	e->name = name;
	if ((e->elf = elf_memory(buf, len)) == NULL ||
	    elf_kind(e->elf) != ELF_K_ELF) {
		rc = bad(e, err, "libelf cannot read it");
		goto fail;
	}
	if (gelf_getehdr(e->elf, &eh) == NULL) {
		rc = bad(e, err, "truncated or bad ELF header");
		goto fail;
	}
	e->info.elfclass = eh.e_ident[EI_CLASS] == ELFCLASS64 ? 64 : 32;
	e->info.msb = eh.e_ident[EI_DATA] == ELFDATA2MSB;
	e->info.osabi = eh.e_ident[EI_OSABI];
	e->info.machine = eh.e_machine;
	e->info.type = eh.e_type;
	if ((rc = check_tables(e, &eh, len, err)) != 0 ||
	    (rc = read_phdrs(e, buf, len, &loads, &nloads, &dynph, err)) != 0 ||
	    (e->info.dynamic && (rc = read_dynamic(e, buf, loads, nloads,
	    &dynph, err)) != 0) ||
	    (rc = read_sections(e, err)) != 0)
		goto fail;
	/* No symbol table needed where there is nothing dynamic. */
	if (!e->info.dynamic)
		e->info.syms_known = true;
	decide_abi(&e->info);
	e->name = NULL;		/* not ours to keep */
	*out = e;
	return (0);
fail:
	jt_elf_free(e);
	return (rc);
}

void
jt_elf_free(struct jt_elf *e)
{
	if (e == NULL)
		return;
	if (e->elf != NULL)
		elf_end(e->elf);
	arena_free(&e->arena);
	free(e);
}

const struct jt_elf_info *
jt_elf_info(const struct jt_elf *e)
{
	return (&e->info);
}

const char *
jt_elf_machine_name(int machine, int elfclass)
{
	switch (machine) {
	case EM_X86_64:		return ("amd64");
	case EM_386:		return ("i386");
	case EM_AARCH64:	return ("arm64");
	case EM_ARM:		return ("arm");
	case EM_PPC64:		return ("powerpc64");
	case EM_PPC:		return ("powerpc");
	case EM_RISCV:		return (elfclass == 64 ? "riscv64" : "riscv32");
	case EM_MIPS:		return (elfclass == 64 ? "mips64" : "mips");
	case EM_SPARCV9:	return ("sparc64");
	}
	return ("unknown");
}
