// SPDX-License-Identifier: GPL-2.0
/*
 * klpreloc_dump: report, for every livepatch module loaded after it, what
 * the kernel wrote for the module's klp relocations, so the host can hold
 * the bytes against what `klpreloc apply` predicts.
 *
 * It keeps the struct module of each livepatch module from the module
 * notifier (MODULE_STATE_COMING; dropped on GOING) and, on every module
 * event and on request, records into a buffer that /proc/klpreloc_dump
 * drains:
 *   - the patch's memory regions and the addresses of its allocated
 *     sections (the section headers livepatch keeps, mod->klp_info),
 *   - each klp symbol and the value it resolved to,
 *   - the bytes at every klp relocation site,
 *   - the arch's PLT / stub / GOT entries.
 * Nothing goes to the kernel log: the kselftests compare it.
 *
 *   cat /proc/klpreloc_dump                  what was recorded (drained)
 *   echo dump [TAG] >/proc/klpreloc_dump     record every patch now
 *   echo sites [TAG] >/proc/klpreloc_dump    the same without the layout
 *   echo mode full|sites|off >/proc/klpreloc_dump
 *                                            what module events record
 *   echo clear >/proc/klpreloc_dump          drop what was recorded
 *
 * Output format: Documentation/conformance.md. A guest-only test helper:
 * load it before the patches it is to watch.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ctype.h>
#include <linux/elf.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/proc_fs.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#define KLPDUMP_BUF_SIZE	(256 * 1024)
#define KLPDUMP_TAG_LEN		40

/* bytes shown from each relocation site: ppc64 includes the nop after bl */
#ifdef CONFIG_PPC64
#define KLPDUMP_WINDOW		16
#else
#define KLPDUMP_WINDOW		8
#endif

enum klpdump_mode { KLPDUMP_OFF, KLPDUMP_SITES, KLPDUMP_FULL };

static const char * const klpdump_mode_names[] = {
	[KLPDUMP_OFF] = "off",
	[KLPDUMP_SITES] = "sites",
	[KLPDUMP_FULL] = "full",
};

/* klpdump_lock protects everything below */
static DEFINE_MUTEX(klpdump_lock);
static char *klpdump_buf;
static size_t klpdump_head, klpdump_len;
static unsigned long klpdump_lost;
static unsigned long klpdump_seq;
static enum klpdump_mode klpdump_mode = KLPDUMP_FULL;
static char klpdump_tag[KLPDUMP_TAG_LEN + 24];

static __printf(1, 2) void klpdump_out(const char *fmt, ...)
{
	size_t room = KLPDUMP_BUF_SIZE - klpdump_len;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(klpdump_buf + klpdump_len, room, fmt, ap);
	va_end(ap);
	if (n < 0 || n >= room) {
		klpdump_lost++;
		return;
	}
	klpdump_len += n;
}

/* every line of one dump: "klpdump: TAG PATCH KIND ..." */
#define klpdump_line(mod, kind, fmt, ...)				\
	klpdump_out("klpdump: %s %s " kind " " fmt "\n", klpdump_tag,	\
		    (mod)->name, ##__VA_ARGS__)

#if IS_ENABLED(CONFIG_LIVEPATCH)

struct klpdump_patch {
	struct list_head list;
	struct module *mod;
	/*
	 * Seen MODULE_STATE_LIVE: copy_module_elf() has long finished filling
	 * mod->klp_info (it publishes the pointer before the contents).
	 */
	bool live;
};

static LIST_HEAD(klpdump_patches);

/* The regions of a module, named as 6.4's mod_mem_type names them */
enum klpdump_mem {
	KLPDUMP_TEXT, KLPDUMP_DATA, KLPDUMP_RODATA, KLPDUMP_RO_AFTER_INIT,
	KLPDUMP_INIT_TEXT, KLPDUMP_INIT_DATA, KLPDUMP_INIT_RODATA,
	KLPDUMP_NR_MEM
};

static const char * const klpdump_mem_names[] = {
	[KLPDUMP_TEXT] = "text",
	[KLPDUMP_DATA] = "data",
	[KLPDUMP_RODATA] = "rodata",
	[KLPDUMP_RO_AFTER_INIT] = "ro_after_init",
	[KLPDUMP_INIT_TEXT] = "init_text",
	[KLPDUMP_INIT_DATA] = "init_data",
	[KLPDUMP_INIT_RODATA] = "init_rodata",
};

/* 6.4's struct module_memory comes with its walker macro */
#ifdef for_each_mod_mem_type
static void klpdump_region(struct module *mod, enum klpdump_mem m,
			   unsigned long *base, unsigned long *size)
{
	static const enum mod_mem_type type[] = {
		[KLPDUMP_TEXT] = MOD_TEXT,
		[KLPDUMP_DATA] = MOD_DATA,
		[KLPDUMP_RODATA] = MOD_RODATA,
		[KLPDUMP_RO_AFTER_INIT] = MOD_RO_AFTER_INIT,
		[KLPDUMP_INIT_TEXT] = MOD_INIT_TEXT,
		[KLPDUMP_INIT_DATA] = MOD_INIT_DATA,
		[KLPDUMP_INIT_RODATA] = MOD_INIT_RODATA,
	};

	*base = (unsigned long)mod->mem[type[m]].base;
	*size = mod->mem[type[m]].size;
}
#else
/*
 * Before 6.4, one core and one init allocation, each text, then rodata,
 * ro_after_init and data, split at text_size, ro_size and
 * ro_after_init_size (layout_sections())
 */
static void klpdump_region(struct module *mod, enum klpdump_mem m,
			   unsigned long *base, unsigned long *size)
{
	bool init = m >= KLPDUMP_INIT_TEXT;
	const struct module_layout *l = init ? &mod->init_layout :
					       &mod->core_layout;
	unsigned int from, to;

	switch (m) {
	case KLPDUMP_TEXT:
	case KLPDUMP_INIT_TEXT:
		from = 0;
		to = l->text_size;
		break;
	case KLPDUMP_RODATA:
	case KLPDUMP_INIT_RODATA:
		from = l->text_size;
		to = l->ro_size;
		break;
	case KLPDUMP_RO_AFTER_INIT:
		from = l->ro_size;
		to = l->ro_after_init_size;
		break;
	default:
		from = l->ro_after_init_size;
		to = l->size;
		break;
	}
	*base = l->base ? (unsigned long)l->base + from : 0;
	*size = to > from ? to - from : 0;
}
#endif

/* How many bytes from addr, at most want, lie in one region of mod. */
static size_t klpdump_span(struct module *mod, unsigned long addr,
			   size_t want)
{
	unsigned long base, size;
	int m;

	for (m = 0; m < KLPDUMP_NR_MEM; m++) {
		klpdump_region(mod, m, &base, &size);
		if (base && addr >= base && addr - base < size)
			return min_t(unsigned long, want, base + size - addr);
	}
	return 0;
}

/* "KIND IDX ADDR HEX": len bytes at addr, or "-" if unreadable */
static void __maybe_unused klpdump_bytes(struct module *mod, const char *kind,
			  unsigned long idx, unsigned long addr, size_t len)
{
	u8 bytes[64];
	size_t n = min(klpdump_span(mod, addr, len), sizeof(bytes));

	if (!n || copy_from_kernel_nofault(bytes, (void *)addr, n))
		klpdump_line(mod, "%s", "%lu %lx -", kind, idx, addr);
	else
		klpdump_line(mod, "%s", "%lu %lx %*phN", kind, idx, addr,
			     (int)n, bytes);
}

#ifdef CONFIG_ARM64
static void klpdump_arch(struct module *mod, const Elf_Shdr *sh,
			 unsigned int shnum)
{
	const struct mod_plt_sec *plt = &mod->arch.core;
	unsigned long base;
	int i;

	if (plt->plt_shndx <= 0 || plt->plt_shndx >= shnum)
		return;
	base = sh[plt->plt_shndx].sh_addr;
	klpdump_line(mod, "area", "plt %lx %lx", base,
		     (unsigned long)plt->plt_num_entries *
		     sizeof(struct plt_entry));
	for (i = 0; i < plt->plt_num_entries; i++)
		klpdump_bytes(mod, "plt", i,
			      base + i * sizeof(struct plt_entry),
			      sizeof(struct plt_entry));
}
#elif defined(CONFIG_PPC64) && defined(CONFIG_PPC64_ELF_ABI_V2)
/* struct ppc64_stub_entry of arch/powerpc/kernel/module_64.c (ELFv2) */
struct klpdump_ppc64_stub {
	u32 jump[7];
	u32 magic;
	unsigned long funcaddr;
} __aligned(8);

static void klpdump_arch(struct module *mod, const Elf_Shdr *sh,
			 unsigned int shnum)
{
	unsigned int idx = mod->arch.stubs_section, i, num;
	const struct klpdump_ppc64_stub *stubs;

#ifndef CONFIG_PPC_KERNEL_PCREL
	/* r2 in the module: its TOC, see my_r2() */
	if (mod->arch.toc_section && mod->arch.toc_section < shnum)
		klpdump_line(mod, "area", "toc %lx %u",
			     (unsigned long)((sh[mod->arch.toc_section].sh_addr &
					      ~0xfful) + 0x8000),
			     mod->arch.toc_section);
#endif
	if (!idx || idx >= shnum)
		return;
	stubs = (const void *)sh[idx].sh_addr;
	num = sh[idx].sh_size / sizeof(*stubs);
	klpdump_line(mod, "area", "stubs %lx %lx", (unsigned long)stubs,
		     (unsigned long)sh[idx].sh_size);
	/* used entries come first; the kernel stops at a zero function */
	for (i = 0; i < num && READ_ONCE(stubs[i].funcaddr); i++)
		klpdump_bytes(mod, "stub", i, (unsigned long)&stubs[i],
			      sizeof(*stubs));
}
#elif defined(CONFIG_S390)
/* PLT_ENTRY_SIZE of arch/s390/kernel/module.c */
#define KLPDUMP_S390_PLT	22

static void klpdump_arch(struct module *mod, const Elf_Shdr *sh,
			 unsigned int shnum)
{
	unsigned long text, tsize;
	unsigned long got, plt;
	unsigned long i;

	klpdump_region(mod, KLPDUMP_TEXT, &text, &tsize);
	got = text + mod->arch.got_offset;
	plt = text + mod->arch.plt_offset;

	klpdump_line(mod, "area", "got %lx %lx", got, mod->arch.got_size);
	for (i = 0; i < mod->arch.got_size / sizeof(long); i++)
		klpdump_bytes(mod, "got", i, got + i * sizeof(long),
			      sizeof(long));
	klpdump_line(mod, "area", "plt %lx %lx", plt, mod->arch.plt_size);
	for (i = 0; i < mod->arch.plt_size / KLPDUMP_S390_PLT; i++)
		klpdump_bytes(mod, "plt", i, plt + i * KLPDUMP_S390_PLT,
			      KLPDUMP_S390_PLT);
}
#else
static void klpdump_arch(struct module *mod, const Elf_Shdr *sh,
			 unsigned int shnum)
{
}
#endif

/* s390 keeps, per symbol, the offsets of its GOT and PLT slots */
static void klpdump_sym(struct module *mod, unsigned int i,
			const char *name, unsigned long value)
{
#ifdef CONFIG_S390
	if (mod->arch.syminfo && i < mod->arch.nsyms) {
		const struct mod_arch_syminfo *si = &mod->arch.syminfo[i];

		klpdump_line(mod, "sym", "%u %s %lx got=%lx plt=%lx", i, name,
			     value, si->got_offset, si->plt_offset);
		return;
	}
#endif
	klpdump_line(mod, "sym", "%u %s %lx", i, name, value);
}

static void klpdump_sites(struct module *mod, const Elf_Shdr *sh,
			  unsigned int shnum, const char *secstr,
			  unsigned int s)
{
	const char *name = secstr + sh[s].sh_name, *sec;
	unsigned int target = sh[s].sh_info, i, n;
	const Elf_Rela *rela = (const void *)sh[s].sh_addr;
	char obj[56];

	if (sscanf(name, ".klp.rela.%55[^.]", obj) != 1)
		strscpy(obj, "?", sizeof(obj));
	if (!target || target >= shnum) {
		klpdump_line(mod, "site", "%s %s+0 0 0 -", obj, "?");
		return;
	}
	sec = secstr + sh[target].sh_name;
	n = sh[s].sh_size / sizeof(*rela);
	for (i = 0; i < n; i++) {
		unsigned long addr = sh[target].sh_addr + rela[i].r_offset;
		size_t len = klpdump_span(mod, addr, KLPDUMP_WINDOW);
		u8 bytes[KLPDUMP_WINDOW];

		if (!len || copy_from_kernel_nofault(bytes, (void *)addr, len))
			klpdump_line(mod, "site", "%s %s+%llx %u %lx -", obj,
				     sec, (unsigned long long)rela[i].r_offset,
				     (unsigned int)ELF64_R_TYPE(rela[i].r_info),
				     addr);
		else
			klpdump_line(mod, "site", "%s %s+%llx %u %lx %*phN", obj,
				     sec, (unsigned long long)rela[i].r_offset,
				     (unsigned int)ELF64_R_TYPE(rela[i].r_info),
				     addr, (int)len, bytes);
	}
}

static void klpdump_patch(struct module *mod, bool full)
{
	const struct klp_modinfo *info = mod->klp_info;
	const Elf_Sym *syms = mod->core_kallsyms.symtab;
	const char *strtab = mod->core_kallsyms.strtab;
	const Elf_Shdr *sh;
	const char *secstr;
	unsigned int shnum, i, pcpu = 0;
	unsigned long base, size;
	int m;

	sh = info->sechdrs;
	secstr = info->secstrings;
	shnum = info->hdr.e_shnum;
	/* find_pcpusec(): the loader has cleared its SHF_ALLOC since */
	for (i = 1; i < shnum && !pcpu; i++)
		if (!strcmp(secstr + sh[i].sh_name, ".data..percpu"))
			pcpu = i;

	if (full) {
		for (m = 0; m < KLPDUMP_NR_MEM; m++) {
			klpdump_region(mod, m, &base, &size);
			if (size)
				klpdump_line(mod, "mem", "%s %lx %lx",
					     klpdump_mem_names[m], base, size);
		}
		for (i = 1; i < shnum; i++)
			if (sh[i].sh_flags & SHF_ALLOC)
				klpdump_line(mod, "sec", "%u %s %lx %llx", i,
					     secstr + sh[i].sh_name,
					     (unsigned long)sh[i].sh_addr,
					     (unsigned long long)sh[i].sh_size);
	}
	/*
	 * klp symbols, and the patch's per-cpu variables (mod_percpu()
	 * based; not its section or mapping symbols, which have no name or
	 * share one)
	 */
	for (i = 1; i < mod->core_kallsyms.num_symtab; i++)
		if (syms[i].st_shndx == SHN_LIVEPATCH ||
		    (pcpu && syms[i].st_shndx == pcpu &&
		     ELF_ST_TYPE(syms[i].st_info) == STT_OBJECT))
			klpdump_sym(mod, i, strtab + syms[i].st_name,
				    (unsigned long)syms[i].st_value);
	for (i = 1; i < shnum; i++)
		if (sh[i].sh_type == SHT_RELA &&
		    (sh[i].sh_flags & SHF_RELA_LIVEPATCH))
			klpdump_sites(mod, sh, shnum, secstr, i);
	klpdump_arch(mod, sh, shnum);
}

static bool klpdump_any(void)
{
	struct klpdump_patch *p;

	list_for_each_entry(p, &klpdump_patches, list)
		if (p->live)
			return true;
	return false;
}

static void klpdump_all(const char *event, const char *trigger, bool full)
{
	struct klpdump_patch *p;

	snprintf(klpdump_tag, sizeof(klpdump_tag), "%lu:%s", ++klpdump_seq,
		 event);
	klpdump_out("klpdump: begin %s %s\n", klpdump_tag, trigger);
	list_for_each_entry(p, &klpdump_patches, list)
		if (p->live)
			klpdump_patch(p->mod, full);
	klpdump_out("klpdump: end %s %s\n", klpdump_tag, trigger);
}

static void klpdump_track(struct module *mod)
{
	struct klpdump_patch *p = kmalloc(sizeof(*p), GFP_KERNEL);

	if (!p) {
		klpdump_out("klpdump: cannot track %s\n", mod->name);
		return;
	}
	p->mod = mod;
	p->live = false;
	list_add_tail(&p->list, &klpdump_patches);
}

static void klpdump_set_live(struct module *mod)
{
	struct klpdump_patch *p;

	list_for_each_entry(p, &klpdump_patches, list)
		if (p->mod == mod)
			p->live = !!mod->klp_info;
}

static void klpdump_untrack(struct module *mod)
{
	struct klpdump_patch *p, *tmp;

	list_for_each_entry_safe(p, tmp, &klpdump_patches, list) {
		if (p->mod == mod) {
			list_del(&p->list);
			kfree(p);
		}
	}
}

static int klpdump_notify(struct notifier_block *nb, unsigned long state,
			  void *data)
{
	struct module *mod = data;
	const char *event;

	mutex_lock(&klpdump_lock);
	switch (state) {
	case MODULE_STATE_COMING:
		if (is_livepatch_module(mod))
			klpdump_track(mod);
		event = "coming";
		break;
	case MODULE_STATE_LIVE:
		klpdump_set_live(mod);
		event = "live";
		break;
	case MODULE_STATE_GOING:
		klpdump_untrack(mod);
		event = "going";
		break;
	default:
		event = NULL;
		break;
	}
	if (event && klpdump_mode != KLPDUMP_OFF && klpdump_any())
		klpdump_all(event, mod->name, klpdump_mode == KLPDUMP_FULL);
	mutex_unlock(&klpdump_lock);
	return NOTIFY_OK;
}

static struct notifier_block klpdump_nb = {
	.notifier_call = klpdump_notify,
};

static int klpdump_watch(void)
{
	return register_module_notifier(&klpdump_nb);
}

static void klpdump_unwatch(void)
{
	unregister_module_notifier(&klpdump_nb);
	mutex_lock(&klpdump_lock);
	while (!list_empty(&klpdump_patches)) {
		struct klpdump_patch *p = list_first_entry(&klpdump_patches,
							   struct klpdump_patch,
							   list);

		list_del(&p->list);
		kfree(p);
	}
	mutex_unlock(&klpdump_lock);
}
#else
/* No CONFIG_LIVEPATCH (arm64 before 6.17): no livepatch module loads. */
static void klpdump_all(const char *event, const char *trigger, bool full)
{
	snprintf(klpdump_tag, sizeof(klpdump_tag), "%lu:%s", ++klpdump_seq,
		 event);
	klpdump_out("klpdump: begin %s %s\n", klpdump_tag, trigger);
	klpdump_out("klpdump: end %s %s\n", klpdump_tag, trigger);
}

static int klpdump_watch(void)
{
	return 0;
}

static void klpdump_unwatch(void)
{
}
#endif

static ssize_t klpdump_read(struct file *file, char __user *ubuf,
			    size_t count, loff_t *ppos)
{
	ssize_t ret;
	size_t n;

	mutex_lock(&klpdump_lock);
	if (klpdump_head == klpdump_len && klpdump_lost) {
		klpdump_head = 0;
		klpdump_len = 0;
		klpdump_out("klpdump: lost %lu lines\n", klpdump_lost);
		klpdump_lost = 0;
	}
	n = min(count, klpdump_len - klpdump_head);
	if (copy_to_user(ubuf, klpdump_buf + klpdump_head, n)) {
		ret = -EFAULT;
	} else {
		klpdump_head += n;
		ret = n;
	}
	if (klpdump_head == klpdump_len) {
		klpdump_head = 0;
		klpdump_len = 0;
	}
	mutex_unlock(&klpdump_lock);
	return ret;
}

static bool klpdump_tag_ok(const char *s)
{
	if (!*s || strlen(s) > KLPDUMP_TAG_LEN)
		return false;
	for (; *s; s++)
		if (!isalnum(*s) && !strchr("_.:-", *s))
			return false;
	return true;
}

static ssize_t klpdump_write(struct file *file, const char __user *ubuf,
			     size_t count, loff_t *ppos)
{
	char cmd[64], *arg, *word;
	ssize_t ret = count;
	int i;

	if (count >= sizeof(cmd))
		return -EINVAL;
	if (copy_from_user(cmd, ubuf, count))
		return -EFAULT;
	cmd[count] = '\0';
	arg = strim(cmd);
	word = strsep(&arg, " ");
	arg = arg ? strim(arg) : NULL;

	mutex_lock(&klpdump_lock);
	if (!strcmp(word, "dump") || !strcmp(word, "sites")) {
		if (arg && !klpdump_tag_ok(arg))
			ret = -EINVAL;
		else
			klpdump_all(arg ? arg : "demand", "-",
				    !strcmp(word, "dump"));
	} else if (!strcmp(word, "mode") && arg) {
		i = match_string(klpdump_mode_names,
				 ARRAY_SIZE(klpdump_mode_names), arg);
		if (i < 0)
			ret = -EINVAL;
		else
			klpdump_mode = i;
	} else if (!strcmp(word, "clear") && !arg) {
		klpdump_head = 0;
		klpdump_len = 0;
		klpdump_lost = 0;
	} else {
		ret = -EINVAL;
	}
	mutex_unlock(&klpdump_lock);
	return ret;
}

static const struct proc_ops klpdump_ops = {
	.proc_read = klpdump_read,
	.proc_write = klpdump_write,
	.proc_lseek = noop_llseek,
};

static int __init klpdump_init(void)
{
	int ret;

	klpdump_buf = vmalloc(KLPDUMP_BUF_SIZE);
	if (!klpdump_buf)
		return -ENOMEM;
	if (!proc_create("klpreloc_dump", 0600, NULL, &klpdump_ops)) {
		ret = -ENOMEM;
		goto free;
	}
	ret = klpdump_watch();
	if (ret)
		goto remove;
	return 0;

remove:
	remove_proc_entry("klpreloc_dump", NULL);
free:
	vfree(klpdump_buf);
	return ret;
}

static void __exit klpdump_exit(void)
{
	klpdump_unwatch();
	remove_proc_entry("klpreloc_dump", NULL);
	vfree(klpdump_buf);
}

module_init(klpdump_init);
module_exit(klpdump_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("klpreloc: report the bytes written for klp relocations");
