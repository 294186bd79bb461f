// SPDX-License-Identifier: GPL-2.0
/*
 * Symbol files as bytes and lines: reading one whole, hashing names, and
 * parsing a System.map's or kallsyms dump's lines into symbols apart from
 * any other state, so that a worker thread can do it while the module is
 * read (kallsyms.c gives the lines to their objects and indexes them).
 */
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <klpreloc/kallsyms.h>

#include "internal.h"
#include "namehash.h"

/*
 * Names are hashed eight bytes at a time (namehash.h): a kernel's quarter
 * million names byte by byte were a tenth of a check. The last, partial
 * word is read as the name's bytes alone (two loads that may overlap, no
 * byte gathered in memory, whose load would stall).
 */
static uint32_t load32(const char *s)
{
	uint32_t w;

	memcpy(&w, s, sizeof(w));
	return le32toh(w);
}

uint32_t klp_name_hash_len(const char *s, size_t len)
{
	uint64_t h = KLP_HASH_SEED, w;
	size_t n = len;

	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, sizeof(w));
		h = klp_hash_word(h, le64toh(w));
	}
	if (n >= 4)
		w = load32(s) | (uint64_t)load32(s + n - 4) << (8 * (n - 4));
	else
		w = (n > 0 ? (uint64_t)(unsigned char)s[0] : 0) |
		    (n > 1 ? (uint64_t)(unsigned char)s[1] << 8 : 0) |
		    (n > 2 ? (uint64_t)(unsigned char)s[2] << 16 : 0);
	return klp_hash_end(h, w, len);
}

/*
 * A symbol as a source lists it, its hash made while the name is read
 * (a vmlinux's or a .ko's; the map parser writes its lines' fields
 * itself), field by field where it lives: a struct built aside and
 * copied stalled on its store forwarding.
 */
void klp_ksym_set(struct klp_ksym *s, const char *name, size_t len,
		  uint64_t addr, char type, bool core)
{
	s->name_at = name;
	s->len = klp_ksym_len16(len);
	s->addr = addr;
	s->type = type;
	s->core = core;
	s->ksymtab = len >= 10 && !memcmp(name, "__ksymtab_", 10);
	s->notrace = false;
	s->hash = klp_name_hash_len(name, len);
}

/*
 * At most this many symbol lines: each takes at least "A T N" and a
 * newline. The arrays are sized once; what is not used is never touched
 * (so never part of the resident set).
 */
static size_t max_symbols(size_t len)
{
	return len / 6 + 2;
}

/*
 * The address of a line: up to 16 hex digits then a space, by hand (a
 * profile found strtoull a tenth of a check); any other spelling goes to
 * strtoull, which decides as it always did.
 */
/* A hex digit's value plus one; 0 for anything else. */
static const unsigned char hex1[256] = {
	['0'] = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
	['a'] = 11, 12, 13, 14, 15, 16,
	['A'] = 11, 12, 13, 14, 15, 16,
};

/*
 * Eight ASCII hex digits to their value, all eight at once (a System.map
 * has a quarter million addresses); false when any is not a hex digit.
 */
static bool hex8(const char *p, uint32_t *v)
{
	uint64_t w, digit, lower, upper, val;

	/* the first digit in the low byte, whatever the host's order */
	memcpy(&w, p, sizeof(w));
	w = le64toh(w);
	/* per byte: 0x80 where the byte lies in [lo, hi] (bytes < 0x80) */
#define IN_RANGE(x, l, h)						\
	((((x) + (0x80 - (l)) * 0x0101010101010101ull) &		\
	  ~((x) + (0x7f - (h)) * 0x0101010101010101ull) &		\
	  ~(x)) & 0x8080808080808080ull)
	digit = IN_RANGE(w, '0', '9');
	lower = IN_RANGE(w, 'a', 'f');
	upper = IN_RANGE(w, 'A', 'F');
#undef IN_RANGE
	if ((digit | lower | upper) != 0x8080808080808080ull)
		return false;
	/* '0'-'9' -> 0-9; letters: low nibble 1-6, plus 9 */
	val = (w & 0x0f0f0f0f0f0f0f0full) +
	      ((lower | upper) >> 7) * 9;
	/* pack the nibbles, the first digit highest: pairs, quads, all */
	val = (val << 4 | val >> 8) & 0x00ff00ff00ff00ffull;
	val = (val << 8 | val >> 16) & 0x0000ffff0000ffffull;
	*v = (uint32_t)((val & 0xffff) << 16 | val >> 32);
	return true;
}

#ifdef __SSE2__
/*
 * Sixteen ASCII hex digits (a 64-bit kernel's every address) to their
 * value in one pass of 16-byte vectors, which every x86-64 has: a fifth
 * of the instructions of two hex8(); false when any is not a hex digit.
 */
static bool hex16(const char *p, uint64_t *v)
{
	const __m128i c = _mm_loadu_si128((const __m128i *)p);
	/* c - '0' is 0-9 for a digit; (c | 0x20) - 'a' is 0-5 for a letter */
	__m128i d = _mm_sub_epi8(c, _mm_set1_epi8('0'));
	__m128i l = _mm_sub_epi8(_mm_or_si128(c, _mm_set1_epi8(0x20)),
				 _mm_set1_epi8('a'));
	/* unsigned x <= k: min(x, k) == x */
	__m128i isd = _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(9)), d);
	__m128i isl = _mm_cmpeq_epi8(_mm_min_epu8(l, _mm_set1_epi8(5)), l);
	__m128i val;
	uint64_t out;

	if (_mm_movemask_epi8(_mm_or_si128(isd, isl)) != 0xffff)
		return false;
	val = _mm_or_si128(_mm_and_si128(isd, d),
			   _mm_andnot_si128(isd,
					    _mm_add_epi8(l, _mm_set1_epi8(10))));
	/* each pair of digits to a byte, the first one high */
	val = _mm_or_si128(_mm_slli_epi16(_mm_and_si128(val,
							_mm_set1_epi16(0xff)),
					  4),
			   _mm_srli_epi16(val, 8));
	val = _mm_packus_epi16(val, val);
	_mm_storel_epi64((__m128i *)&out, val);
	/* the first pair is the most significant byte */
	*v = be64toh(out);
	return true;
}
#endif

/* The same in 64-bit words, for any host (and the tests' oracle on x86). */
bool klp_hex16_swar(const char *p, uint64_t *v)
{
	uint32_t h, l;

	if (!hex8(p, &h) || !hex8(p + 8, &l))
		return false;
	*v = (uint64_t)h << 32 | l;
	return true;
}

bool klp_hex16(const char *p, uint64_t *v)
{
#ifdef __SSE2__
	return hex16(p, v);
#else
	return klp_hex16_swar(p, v);
#endif
}

static const char *parse_addr(const char *p, const char *end,
			      unsigned long long *addr)
{
	unsigned long long a = 0;
	const char *q = p, *eol;
	char small[64], *line, *e;
	uint64_t word;
	size_t n;

	/* the common spelling, sixteen digits and a space, read at once */
	if (end - p > 16 && p[16] == ' ' && klp_hex16(p, &word)) {
		*addr = word;
		return p + 16;
	}

	for (; q - p < 16; q++) {
		unsigned int v = hex1[(unsigned char)*q] - 1u;

		if (v > 15)
			break;
		a = a << 4 | v;
	}
	if (q > p && *q == ' ') {
		*addr = a;
		return q;
	}
	/*
	 * strtoull skips white space: not into the next line. It reads a
	 * copy of the line, ended there (the file itself is not written).
	 */
	eol = memchr(p, '\n', (size_t)(end - p));
	n = (size_t)((eol ? eol : end) - p);
	line = n < sizeof(small) ? small : xmalloc(n + 1);
	memcpy(line, p, n);
	line[n] = '\0';
	*addr = strtoull(line, &e, 16);
	q = p + (e - line);
	if (line != small)
		free(line);
	return q;
}

/* Where a name ends: NUL, tab, space or newline. */
static const unsigned char name_end[256] = {
	['\0'] = 1, ['\t'] = 1, [' '] = 1, ['\n'] = 1,
};

/*
 * Sixteen bytes as a vector (the compiler's, on any host); a comparison
 * of two gives 0 or -1 in each byte, in the same type.
 */
#define KLP_VEC16	__attribute__((vector_size(16)))

/* The first byte of a comparison's result that is set, or 16 if none. */
static size_t vec_first(signed char KLP_VEC16 hit)
{
	uint64_t w[2];

	memcpy(w, &hit, sizeof(w));
	/* the first character in the low byte, whatever the host */
	w[0] = le64toh(w[0]);
	w[1] = le64toh(w[1]);
	if (w[0])
		return (size_t)__builtin_ctzll(w[0]) / 8;
	if (w[1])
		return 8 + (size_t)__builtin_ctzll(w[1]) / 8;
	return 16;
}

/*
 * The name at p, up to NUL, tab, space or newline, hashed into *hash;
 * returns where it ends. Sixteen bytes at a time while they lie before
 * end (a quarter million names, a byte at a time, were a tenth of a
 * check). The block's two words are hashed as they are (namehash.h), the
 * name's own bytes of the last one: a second read of the name was a
 * fifth of the parse.
 */
static const char *take_name(const char *p, const char *end, uint32_t *hash)
{
	const char *s = p;
	uint64_t h = KLP_HASH_SEED;
	size_t len;

	for (; end - p >= 16; p += 16) {
		signed char KLP_VEC16 c;
		uint64_t w[2];
		size_t k;

		memcpy(&c, p, sizeof(c));
		memcpy(w, &c, sizeof(w));
		w[0] = le64toh(w[0]);
		w[1] = le64toh(w[1]);
		k = vec_first((c == 0) | (c == '\t') | (c == ' ') | (c == '\n'));
		if (k < 16) {
			len = (size_t)(p - s) + k;
			if (k >= 8)
				h = klp_hash_word(h, w[0]);
			*hash = klp_hash_end(h, klp_hash_tail(w[k >= 8], k & 7),
					     len);
			return s + len;
		}
		h = klp_hash_word(klp_hash_word(h, w[0]), w[1]);
	}
	/* the file's last bytes, one at a time */
	while (!name_end[(unsigned char)*p])
		p++;
	len = (size_t)(p - s);
	*hash = klp_name_hash_len(s, len);
	return s + len;
}

/*
 * A copy of len bytes at s in r's names block, NUL-terminated. The file
 * itself is never written: it is mapped, and a write would copy its page.
 * The block is made on first use, a mapping of its own whose pages are
 * faulted in as they are written: most files need none of it or a page.
 * A copy and its NUL never outgrow the line they came from, nor all of
 * them the part: names_cap, its size.
 */
static const char *keep_name(struct klp_symfile *r, const char *s, size_t len)
{
	char *k;

	if (!r->names)
		r->names = klp_zalloc_pages(r->names_cap);
	k = r->names + r->names_used;
	memcpy(k, s, len);
	k[len] = '\0';
	r->names_used += len + 1;
	return k;
}

/* a [MOD] seen last in a dump, and its copy */
struct klp_name_ref {
	const char *copy;
	size_t len;
};

/*
 * The [MOD] after a name (at e, before the line's end at lend), or NULL.
 * A dump lists a module's lines together: one copy serves all of them.
 */
static const char *line_module(struct klp_symfile *r, const char *e,
			       const char *lend, struct klp_name_ref *last)
{
	const char *m, *close;

	while (e < lend && (*e == '\t' || *e == ' '))
		e++;
	if (e == lend || *e != '[')
		return NULL;
	m = e + 1;
	close = memchr(m, ']', (size_t)(lend - m));
	if (!close)
		close = lend;
	if (!last->copy || last->len != (size_t)(close - m) ||
	    memcmp(last->copy, m, last->len)) {
		last->len = (size_t)(close - m);
		last->copy = keep_name(r, m, last->len);
	}
	return last->copy;
}

/* Lines from line from on are mod's (NULL: no [mod]). */
static void add_run(struct klp_symfile *f, size_t from, const char *mod)
{
	if (f->nruns == f->runs_cap) {
		f->runs_cap = f->runs_cap ? 2 * f->runs_cap : 16;
		f->runs = xrealloc(f->runs, f->runs_cap * sizeof(*f->runs));
	}
	f->runs[f->nruns].from = from;
	f->runs[f->nruns].mod = mod;
	f->nruns++;
}

/*
 * The end of the line at p: its newline, or a NUL (the file's end, or
 * binary data), sixteen bytes at a time while they lie before end.
 */
static const char *line_end(const char *p, const char *end)
{
	for (; end - p >= 16; p += 16) {
		signed char KLP_VEC16 c;
		size_t k;

		memcpy(&c, p, sizeof(c));
		k = vec_first((c == 0) | (c == '\n'));
		if (k < 16)
			return p + k;
	}
	while (*p && *p != '\n')
		p++;
	return p;
}

/* A byte that a line's field may start with: not its end, nor the file's. */
static bool line_char(char c)
{
	return c && c != '\n';
}

/*
 * "ADDR TYPE NAME" (System.map) or "ADDR TYPE NAME\t[MOD]" (kallsyms).
 * One pass over the bytes: the end of a line is found where its name
 * ends, with a look for the rest of it only when the name is followed
 * by more ([mod], or anything the old rules allowed). The lines that
 * start in [p, limit) go to r->v from its start, named where they lie
 * (the first line's rest is noted for placeholder_map()); r->lines
 * counts the lines passed. Stops at the first line that is not a symbol,
 * or at limit (r->reached: what follows is another part's).
 */
static void parse_part(struct klp_symfile *r, const char *p,
		       const char *limit, const char *end)
{
	size_t line = 0, n = 0, nzero = 0;
	struct klp_name_ref last = { 0 };
	const char *last_run = NULL;
	struct klp_ksym *v = r->v;

	memset(r->type_first, 0xff, sizeof(r->type_first));
	for (const char *next;; p = next) {
		const char *name, *e, *mod = NULL;
		unsigned long long addr;
		uint64_t word;
		uint32_t hash;
		size_t nlen;

		if (p >= limit) {
			r->reached = true;
			break;
		}
		line++;
		/* most lines: sixteen digits, a space, a type, a space, a name */
		if (end - p > 19 && p[16] == ' ' && p[18] == ' ' &&
		    line_char(p[17]) && line_char(p[19]) &&
		    klp_hex16(p, &word)) {
			addr = word;
			name = p + 19;
		} else {
			while (*p == ' ')
				p++;
			if (*p == '\n') {
				next = p + 1;
				continue;
			}
			if (!*p)
				break;
			e = parse_addr(p, end, &addr);
			if (e == p || *e != ' ' || !line_char(e[1]) ||
			    e[2] != ' ' || !line_char(e[3])) {
				r->bad = line;
				break;
			}
			name = e + 3;
		}
		e = take_name(name, end, &hash);
		nlen = (size_t)(e - name);
		if (*e == '\t' || *e == ' ') {
			const char *eol = line_end(e, end);

			next = *eol ? eol + 1 : NULL;
			if (!n)
				r->rest1 = e + 1;
			mod = line_module(r, e, eol, &last);
			p = eol;
		} else {
			next = *e ? e + 1 : NULL;
			p = e;
		}
		/* a dump's lines of one module share the copy of its name */
		if (mod != last_run) {
			if (!r->nruns && n)
				add_run(r, 0, NULL);
			add_run(r, n, mod);
			last_run = mod;
		}
		/* field by field: a struct built aside stalled the copy */
		v[n].name_at = nlen < KLP_KSYM_LONG ? name :
			  keep_name(r, name, nlen);
		v[n].len = klp_ksym_len16(nlen);
		v[n].addr = addr;
		v[n].type = name[-2];
		v[n].core = true;
		v[n].ksymtab = nlen >= 10 && !memcmp(name, "__ksymtab_", 10);
		v[n].notrace = false;
		v[n].hash = hash;
		/* what a filter of the load may drop: from which line on */
		if (r->type_first[(unsigned char)name[-2]] == SIZE_MAX)
			r->type_first[(unsigned char)name[-2]] = n;
		/* scripts/kallsyms --absolute-percpu wrote it (kallsyms.c) */
		if (name[-2] == 'A' && !mod && nlen == 15 &&
		    !memcmp(name, "__per_cpu_start", 15))
			r->abs_percpu = true;
		n++;
		if (!addr)
			nzero++;
		if (!next)
			break;
	}
	/*
	 * p: where the parse stopped. A NUL before the end is binary data
	 * (looked for here, not in a pass of its own over the file), and
	 * so is one anywhere past a line that stopped the parse.
	 */
	r->binary = !r->reached && p < end &&
		    (!*p || memchr(p, '\0', (size_t)(end - p)));
	r->lines = line;
	r->n = n;
	r->nzero = nzero;
}

/* How many newlines the len bytes at p hold, sixteen bytes at a time. */
static size_t count_lines(const char *p, size_t len)
{
	size_t n = 0;

	while (len >= 16) {
		/* each byte of acc counts up to 255 blocks' newlines */
		unsigned char KLP_VEC16 acc = { 0 };
		size_t blocks = len / 16 < 255 ? len / 16 : 255;
		unsigned char sum[16];

		for (size_t i = 0; i < blocks; i++, p += 16) {
			unsigned char KLP_VEC16 c;

			memcpy(&c, p, sizeof(c));
			/* a comparison gives all ones (-1) where it holds */
			acc -= (unsigned char KLP_VEC16)(c == '\n');
		}
		memcpy(sum, &acc, sizeof(sum));
		for (int k = 0; k < 16; k++)
			n += sum[k];
		len -= blocks * 16;
	}
	for (; len; len--)
		n += *p++ == '\n';
	return n;
}

/*
 * The second half of a big file, parsed on a thread of its own while the
 * first half is: its lines go to the shared array from base on, a slot
 * no line of the first half reaches (each of those ends before mid, in a
 * newline, and takes six bytes at least), and their names to a block of
 * its own. join_half() moves them after the first half's.
 */
struct half {
	struct klp_symfile r;
	const struct klp_input *in;	/* the file, whose first half ends at mid */
	const char *mid, *end;
	size_t base;
	pthread_t thread;
};

static void *half_worker(void *arg)
{
	struct half *h = arg;
	size_t before = (size_t)(h->mid - h->in->buf);

	klp_input_populate(h->in, before, before + (size_t)(h->end - h->mid));
	h->base = count_lines(h->in->buf, before);
	if (h->base > before / 6)
		h->base = before / 6;
	h->r.v += h->base;
	h->r.names_cap = (size_t)(h->end - h->mid) + 1;
	parse_part(&h->r, h->mid, h->end, h->end);
	return NULL;
}

static bool same_mod(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/*
 * The first half's runs, then the second's from its line na on, where a
 * run of the same [mod] (or of none) as the one before it merges into it.
 */
static void join_runs(struct klp_symfile *f, const struct klp_symfile *b,
		      size_t na)
{
	if (!f->nruns && !b->nruns)
		return;
	/* a part without runs has only lines without [mod] */
	if (!f->nruns && na)
		add_run(f, 0, NULL);
	if (!b->nruns && b->n) {
		if (f->runs[f->nruns - 1].mod)
			add_run(f, na, NULL);
		return;
	}
	for (size_t k = 0; k < b->nruns; k++)
		if (!f->nruns ||
		    !same_mod(f->runs[f->nruns - 1].mod, b->runs[k].mod))
			add_run(f, na + b->runs[k].from, b->runs[k].mod);
}

/*
 * The first half reached mid: the second half's lines follow its own, as
 * if one pass had read both (line numbers, first types, runs).
 */
static void join_half(struct klp_symfile *f, struct half *h)
{
	struct klp_symfile *b = &h->r;
	size_t na = f->n;

	if (h->base != na && b->n)
		memmove(f->v + na, f->v + h->base, b->n * sizeof(*f->v));
	join_runs(f, b, na);
	for (int t = 0; t < 256; t++)
		if (f->type_first[t] == SIZE_MAX &&
		    b->type_first[t] != SIZE_MAX)
			f->type_first[t] = na + b->type_first[t];
	if (!na)
		f->rest1 = b->rest1;
	f->abs_percpu |= b->abs_percpu;
	f->nzero += b->nzero;
	f->bad = b->bad ? f->lines + b->bad : 0;
	f->binary = b->binary;
	f->lines += b->lines;
	f->n = na + b->n;
	f->names2 = b->names;
	f->names2_cap = b->names_cap;
	b->names = NULL;
	f->joined = true;
}

/*
 * Where a second thread may take over: the first line that starts in the
 * file's second half (NULL when none does).
 */
static const char *split_point(const char *buf, size_t len)
{
	const char *half = buf + len / 2, *nl;

	nl = memchr(half, '\n', len - len / 2);
	return nl && nl + 1 < buf + len ? nl + 1 : NULL;
}

/*
 * A file big enough (split) is parsed in two halves at once: on the
 * thread that reads the module, the parse of a quarter million lines was
 * most of what a check waited for.
 */
#define SPLIT_MIN	(2UL << 20)

static void parse_lines(struct klp_symfile *f, bool split)
{
	const char *buf = f->in.buf, *end = buf + f->in.len, *mid = NULL;
	struct half *h = NULL;

	f->cap = max_symbols(f->in.len);
	f->v = xmalloc_sparse(f->cap * sizeof(*f->v));
	f->names_cap = f->in.len + 1;
	if (split)
		mid = split_point(buf, f->in.len);
	if (mid) {
		h = xcalloc(1, sizeof(*h));
		h->in = &f->in;
		h->mid = mid;
		h->end = end;
		h->r.v = f->v;
		if (pthread_create(&h->thread, NULL, half_worker, h)) {
			free(h);
			h = NULL;
			mid = NULL;
		}
	}
	/* every byte is read: each part's mapped in one go by its thread */
	klp_input_populate(&f->in, 0, (size_t)((mid ? mid : end) - buf));
	parse_part(f, buf, mid ? mid : end, end);
	if (h) {
		pthread_join(h->thread, NULL);
		/* stopped before mid: the second half is not the file's */
		if (f->reached)
			join_half(f, h);
		klp_zfree_pages(h->r.names, h->r.names_cap);
		free(h->r.runs);
		free(h);
	}
	f->parsed = true;
}

/* What the load would parse: no ELF header (NUL bytes: parse_lines()). */
static bool looks_text(const struct klp_symfile *f)
{
	return !(f->in.len >= 18 && !memcmp(f->in.buf, "\177ELF", 4));
}

static void init(struct klp_symfile *f, const char *path)
{
	memset(f, 0, sizeof(*f));
	f->path = path;
	f->in.fd = -1;
	f->in.slot = -1;
	klp_diag_init(&f->diag);
}

/* The file in memory: in.buf, in.len bytes and a NUL. */
static int get(struct klp_symfile *f)
{
	f->err = klp_input_read(&f->in, f->path, false, &f->diag);
	return f->err;
}

int klp_symfile_read(struct klp_symfile *f, const char *path)
{
	init(f, path);
	return get(f);
}

void klp_symfile_lines(struct klp_symfile *f)
{
	if (!f->parsed)
		parse_lines(f, false);
}

static void *worker(void *arg)
{
	struct klp_symfile *f = arg;

	if (!get(f) && looks_text(f))
		parse_lines(f, klp_threads_help(f->jobs, f->in.len, SPLIT_MIN));
	return NULL;
}

/*
 * Whether a symbol file is worth a thread: two CPUs to run on and a file
 * big enough that its parse outlasts the thread's start (a quarter
 * million lines take milliseconds; the fuzzers' inputs take microseconds).
 */
#define WORKER_MIN	(1UL << 20)

static bool worth_a_thread(const char *path, int jobs)
{
	struct stat st;

	if (jobs == KLP_JOBS_ALWAYS)
		return true;
	return !stat(path, &st) && S_ISREG(st.st_mode) &&
	       klp_threads_help(jobs, (size_t)st.st_size, WORKER_MIN);
}

bool klp_symfile_start(struct klp_symfile *f, const char *path, int jobs)
{
	init(f, path);
	f->jobs = jobs;
	if (!worth_a_thread(path, jobs))
		return false;
	/* the first big allocations are made on two threads at once */
	klp_alloc_init();
	f->threaded = !pthread_create(&f->thread, NULL, worker, f);
	return f->threaded;
}

void klp_symfile_wait(struct klp_symfile *f)
{
	if (f->threaded)
		pthread_join(f->thread, NULL);
	f->threaded = false;
}

void klp_symfile_free(struct klp_symfile *f)
{
	klp_symfile_wait(f);
	klp_input_free(&f->in);
	klp_zfree_pages(f->names, f->names_cap);
	klp_zfree_pages(f->names2, f->names2_cap);
	free(f->v);
	free(f->runs);
	klp_diag_free(&f->diag);
	memset(f, 0, sizeof(*f));
}
