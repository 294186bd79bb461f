// SPDX-License-Identifier: GPL-2.0
/*
 * Call stubs and the TOC restore: a REL24 to a symbol outside the module
 * branches to a stub in .stubs that saves r2 and jumps via r12 (the ELFv2
 * global entry convention), and the nop after the call becomes
 * ld r2,24(r1) so the caller gets its TOC pointer back.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <klpreloc/bytes.h>
#include <klpreloc/diag.h>
#include <klpreloc/module.h>

#include "ppc64.h"

/* ppc64_stub_insns[] for ELFv2 without PCREL; jump[6] stays zero */
static const uint32_t ppc64_stub_insns[] = {
	PPC64_INSN_ADDIS_R11_R2,	/* addis r11,r2,(stub - r2)@ha */
	PPC64_INSN_ADDI_R11_R11,	/* addi r11,r11,(stub - r2)@l */
	PPC64_INSN_STD_R2_24_R1,	/* save the caller's r2 */
	PPC64_INSN_LD_R12_32_R11,	/* r12 = funcdata */
	PPC64_INSN_MTCTR_R12,
	PPC64_INSN_BCTR,
};

bool ppc64_is_mprofile_ftrace_call(const char *name)
{
	/* DYNAMIC_FTRACE_WITH_REGS: all three are ftrace entry points */
	return !strcmp(name, "_mcount") || !strcmp(name, "ftrace_caller") ||
	       !strcmp(name, "ftrace_regs_caller");
}

/* create_stub()'s first check: the entry's alignment. */
static int ppc64_stub_aligned(struct klp_module *me, uint64_t entry)
{
	if (entry % 8) {
		klp_kerr(me, "ppc64-stub-align",
			 PPC64_PFX "%s: Address of stub entry is not 8-byte aligned",
			 me->name);
		return -ENOENT;
	}
	return 0;
}

/*
 * create_ftrace_stub() (MPROFILE_KERNEL: what gcc 12's -mprofile-kernel
 * builds use, every function calls _mcount): r12 = the kernel's TOC from
 * the paca, plus (target - kernel TOC), so the stub works whatever r2 the
 * caller had. Written with memcpy and plain stores, not patched.
 */
static const uint32_t ppc64_ftrace_stub_insns[] = {
	PPC64_INSN_LD_R12_PACATOC,	/* ld r12,kernel_toc(r13) */
	PPC64_INSN_ADDIS_R12_R12,	/* addis r12,r12,(addr - toc)@ha */
	PPC64_INSN_ADDI_R12_R12,	/* addi r12,r12,(addr - toc)@l */
	PPC64_INSN_MTCTR_R12,
	PPC64_INSN_BCTR,
};

static int ppc64_create_ftrace_stub(struct klp_module *me, uint64_t entry,
				    uint64_t addr, const char *name)
{
	uint32_t insn[sizeof(ppc64_ftrace_stub_insns) / 4];
	uint64_t toc;
	int64_t reladdr;
	int ret = 0;

	if (ppc64_stub_aligned(me, entry))
		return -ENOENT;
	memcpy(insn, ppc64_ftrace_stub_insns, sizeof(insn));
	/* the kernel's r2 is its .TOC. */
	if (!klp_kernel_sym(me, ".TOC.", &toc)) {
		reladdr = (int64_t)(addr - toc);
		if (reladdr > 0x7fffffffll || reladdr < -0x80000000ll) {
			klp_kerr(me, "ppc64-ftrace-stub-range",
				 PPC64_PFX "%s: Address of %s out of range of kernel_toc.",
				 me->name, name);
			return -ENOENT;
		}
		insn[1] |= PPC64_HA((uint64_t)reladdr);
		insn[2] |= PPC64_LO((uint64_t)reladdr);
	} else {
		klp_report(me, KLP_NOTE, me->cur_relsec, me->cur_rel,
			   "ppc64-ftrace-stub", NULL,
			   "the ftrace stub for %s is written without its kernel-TOC offset: the symbols give no kernel .TOC.",
			   name);
	}
	for (size_t i = 0; i < sizeof(insn) / 4 && !ret; i++)
		ret = ppc64_write32(me, entry + 4 * i, insn[i],
				    KLP_WRITE_PLAIN);
	if (!ret)
		ret = ppc64_write32(me, entry + PPC64_STUB_FUNCDATA_OFF,
				    (uint32_t)addr, KLP_WRITE_PLAIN);
	if (!ret)
		ret = ppc64_write32(me, entry + PPC64_STUB_FUNCDATA_OFF + 4,
				    (uint32_t)(addr >> 32), KLP_WRITE_PLAIN);
	if (!ret)
		ret = ppc64_write32(me, entry + PPC64_STUB_MAGIC_OFF,
				    PPC64_STUB_MAGIC, KLP_WRITE_PLAIN);
	return ret ? -ENOENT : 0;
}

/* The stub finds its data relative to r2: reladdr = stub - r2 */
static int ppc64_stub_reladdr(struct klp_module *me, uint64_t entry,
			      int64_t *reladdr)
{
	uint64_t r2 = ppc64_my_r2(me);

	*reladdr = (int64_t)(entry - r2);
	if (*reladdr > 0x7fffffffll || *reladdr < -0x80000000ll) {
		/*
		 * The kernel prints both with %p (hashed); we show the raw
		 * values. Its second %p is the my_r2 function itself.
		 */
		klp_kerr(me, "ppc64-stub-range",
			 PPC64_PFX "%s: Address %016" PRIx64 " of stub out of range of %016" PRIx64 ".",
			 me->name, (uint64_t)*reladdr, r2);
		return -ENOENT;
	}
	return 0;
}

/* create_stub(): every word through patch_instruction()/patch_u32(). */
static int ppc64_create_stub(struct klp_module *me, uint64_t entry,
			     uint64_t addr, const char *name)
{
	enum klp_write_kind kind = ppc64_insn_write_kind(me);
	int64_t reladdr;
	int ret;

	if (ppc64_is_mprofile_ftrace_call(name))
		return ppc64_create_ftrace_stub(me, entry, addr, name);
	if (ppc64_stub_aligned(me, entry))
		return -ENOENT;
	for (size_t i = 0; i < sizeof(ppc64_stub_insns) / 4; i++) {
		ret = ppc64_write32(me, entry + 4 * i, ppc64_stub_insns[i],
				    kind);
		if (ret)
			return -ENOENT;
	}
	if (ppc64_stub_reladdr(me, entry, &reladdr))
		return -ENOENT;
	ret = ppc64_write32(me, entry,
			    ppc64_stub_insns[0] | PPC64_HA((uint64_t)reladdr),
			    kind);
	if (!ret)
		ret = ppc64_write32(me, entry + 4,
				    ppc64_stub_insns[1] |
				    PPC64_LO((uint64_t)reladdr), kind);
	/* ELFv2 func_desc_t is just the address; then the magic word */
	if (!ret)
		ret = ppc64_write32(me, entry + PPC64_STUB_FUNCDATA_OFF,
				    (uint32_t)addr, kind);
	if (!ret)
		ret = ppc64_write32(me, entry + PPC64_STUB_FUNCDATA_OFF + 4,
				    (uint32_t)(addr >> 32), kind);
	if (!ret)
		ret = ppc64_write32(me, entry + PPC64_STUB_MAGIC_OFF,
				    PPC64_STUB_MAGIC, kind);
	return ret ? -ENOENT : 0;
}

/*
 * Where slot i of .stubs lies in the kernel's memory. Slots up to the
 * last one of .stubs, and past it whatever follows .stubs in the region,
 * are bytes we hold; past the region's content the kernel's allocation
 * goes on, zeroed, to the end of the page (module_memory_alloc()), and
 * beyond that there is no memory.
 */
enum ppc64_slot_where { PPC64_SLOT_BYTES, PPC64_SLOT_PADDING, PPC64_SLOT_NONE };

static enum ppc64_slot_where ppc64_slot_where(struct klp_module *me,
					      uint64_t entry)
{
	const struct klp_mem *m =
		&me->mem[me->secs[ppc64_mod(me)->stubs_section].mem];
	uint64_t end = m->addr + m->size;
	uint64_t page_end = m->addr + ((m->size + PPC64_PAGE_SIZE(me) - 1) &
				       ~(uint64_t)(PPC64_PAGE_SIZE(me) - 1));

	if (entry + PPC64_STUB_SIZE <= end)
		return PPC64_SLOT_BYTES;
	if (entry >= end && entry + PPC64_STUB_SIZE <= page_end)
		return PPC64_SLOT_PADDING;
	return PPC64_SLOT_NONE;
}

/*
 * stub_for_addr(): the stub already jumping to addr, else the first free
 * entry (funcdata 0). Stubs are shared by target address, whatever the
 * symbol or addend that produced it.
 *
 * The kernel never frees a stub: a module object that comes back at
 * another address needs new ones, and get_stubs_size() counted one per
 * (symbol, addend) and a spare terminator. Its loop runs while funcdata
 * is non-zero and only then checks WARN_ON(i >= num_stubs), so when
 * every slot is taken it reads the slot just past .stubs: zero there (the
 * rest of the page) and it creates a stub there, unchecked; non-zero
 * (that stub, or bytes of a section after .stubs) and it WARNs and fails
 * with -ENOENT.
 */
int ppc64_stub_for_addr(struct klp_module *me, uint64_t addr,
			const char *name, uint64_t *stub)
{
	struct ppc64_mod *pm = ppc64_mod(me);
	uint64_t base = ppc64_stubs_addr(me), entry, fd;
	unsigned int num = (unsigned int)(pm->stubs_size / PPC64_STUB_SIZE);
	unsigned int i;
	unsigned char b[8];
	int ret;

	for (i = 0;; i++) {
		entry = base + (uint64_t)i * PPC64_STUB_SIZE;
		/* module_finalize_ftrace() filled these (not modelled) */
		if (pm->ftrace_nr && i >= pm->ftrace_first &&
		    i < pm->ftrace_first + pm->ftrace_nr)
			continue;
		switch (i < num ? PPC64_SLOT_BYTES :
			ppc64_slot_where(me, entry)) {
		case PPC64_SLOT_BYTES:
			ret = klp_read(me, entry + PPC64_STUB_FUNCDATA_OFF, b,
				       sizeof(b));
			if (ret)
				return -ENOENT;
			fd = get_le64(b);
			break;
		case PPC64_SLOT_PADDING:
			fd = pm->past_end;
			break;
		default:
			klp_rel_err(me, "ppc64-stubs-past-alloc",
				    "all %u stubs are in use and the slot after .stubs at 0x%llx is not inside the module's text pages: the kernel's stub_for_addr() reads past its allocation (an oops)",
				    num, (unsigned long long)entry);
			return -ENOENT;
		}
		if (!fd)
			break;
		if (i >= num) {
			char msg[300];

			snprintf(msg, sizeof(msg),
				 "no free stub for %s at 0x%llx: all %u slots of .stubs%s are taken (stubs are never freed; a module object that came back elsewhere needs new ones), so WARN_ON(i >= num_stubs) fires and the call is refused with -ENOENT",
				 name, (unsigned long long)addr, num,
				 pm->past_end ? " and the one after it" : "");
			klp_report(me, KLP_ERR, me->cur_relsec, me->cur_rel,
				   "ppc64-stubs-exhausted",
				   "WARNING: CPU: <cpu> PID: <pid> at arch/powerpc/kernel/module_64.c:679 stub_for_addr+<off>/<size>",
				   "%s", msg);
			return -ENOENT;
		}
		if (fd == addr) {
			*stub = entry;
			return 0;
		}
	}
	if (i >= num && ppc64_slot_where(me, entry) == PPC64_SLOT_PADDING) {
		/*
		 * Past .stubs, in the zeroed tail of the last text page: the
		 * stub works (the page is as executable as .stubs), but it
		 * lies outside every section and is the last one the
		 * kernel will ever make. Its words are not kept: only the
		 * range check and its funcdata matter from here on.
		 */
		int64_t reladdr;

		if (ppc64_stub_aligned(me, entry) ||
		    (!ppc64_is_mprofile_ftrace_call(name) &&
		     ppc64_stub_reladdr(me, entry, &reladdr)))
			return -ENOENT;
		pm->past_end = addr;
		klp_rel_warn(me, "ppc64-stub-past-end",
			     "all %u stubs are in use: the stub for %s at 0x%llx goes just past .stubs, at 0x%llx in the zeroed rest of the text page (the kernel does not check); one more new target and it WARNs and refuses",
			     num, name, (unsigned long long)addr,
			     (unsigned long long)entry);
		*stub = entry;
		return 0;
	}
	if (i >= num)
		klp_rel_err(me, "ppc64-stub-overwrites",
			    "all %u stubs are in use: the kernel accepts, but writes the stub for %s over the 40 bytes after .stubs at 0x%llx, which belong to another section",
			    num, name, (unsigned long long)entry);
	ret = ppc64_create_stub(me, entry, addr, name);
	if (ret)
		return ret;
	*stub = entry;
	return 0;
}

/* instr_is_relative_link_branch(): b/bc (I or B form), AA=0, LK=1 */
static bool ppc64_is_relative_link_branch(uint32_t insn)
{
	uint32_t op = insn >> 26;

	return (op == 18 || op == 16) && !(insn & 2) && (insn & 1);
}

/*
 * restore_r2(): insn is the address of the word after the call. A call
 * (not a sibling jump) must be followed by a nop, which becomes
 * ld r2,24(r1). Since 6.3 an already restored call is accepted: a
 * livepatch's klp relocations are applied again when the module they
 * refer to is loaded again.
 */
int ppc64_restore_r2(struct klp_module *me, const char *name, uint64_t insn)
{
	uint32_t prev, val;
	char where[256];

	if (ppc64_is_mprofile_ftrace_call(name))
		return 0;
	if (ppc64_read32(me, insn - 4, &prev))
		return -ENOEXEC;
	if (ppc64_read32(me, insn, &val))
		return -ENOEXEC;
	if (me->opts->kver < KLP_KVER(4, 16)) {
		/*
		 * Before "powerpc/modules: Don't try to restore r2 after a
		 * sibling call" (4.16) sibling jumps needed a nop too, and
		 * the message was a different one.
		 */
		if (val != PPC64_INSN_NOP) {
			klp_kerr(me, "ppc64-expected-nop",
				 PPC64_PFX "%s: Expect noop after relocate, got %08x",
				 me->name, val);
			return -ENOEXEC;
		}
		return ppc64_write32(me, insn, PPC64_INSN_LD_TOC,
				     ppc64_insn_write_kind(me)) ? -ENOEXEC : 0;
	}
	if (!ppc64_is_relative_link_branch(prev)) {
		/*
		 * The kernel accepts a sibling jump through a stub, but the
		 * stub's std r2,24(r1) then lands in the frame of our caller,
		 * whose TOC save slot now holds this module's r2 (why kpatch
		 * refuses sibling calls from patched functions).
		 */
		klp_rel_warn(me, "ppc64-sibling-stub",
			     "sibling jump to %s goes through a stub that overwrites the caller's TOC save slot at 24(r1)",
			     name);
		return 0;
	}
	if (val == PPC64_INSN_LD_TOC && me->opts->kver >= KLP_KVER(6, 3))
		return 0;
	if (val != PPC64_INSN_NOP) {
		ppc64_sprint_symbol(me, insn, where, sizeof(where));
		klp_kerr(me, "ppc64-expected-nop",
			 PPC64_PFX "%s: Expected nop after call, got %08x at %s",
			 me->name, val, where);
		return -ENOEXEC;
	}
	if (ppc64_write32(me, insn, PPC64_INSN_LD_TOC,
			  ppc64_insn_write_kind(me)))
		return -ENOEXEC;
	return 0;
}
