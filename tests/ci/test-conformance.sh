#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The matrix's byte conformance on recorded guest logs: the klpsyms:,
# klpdump: and KLPCONF lines of real matrix runs of x86_64, ppc64le and
# s390x (tests/ci/logs/ARCH-conformance.log.xz, written by
# tests/fixtures/regen.sh from the same run as tests/fixtures/ARCH: its
# modules and its guest's root /proc/kallsyms). ci/conformance.py must run
# `klpreloc apply` (the tested one) for every record and find the kernel's
# bytes equal to its prediction; one byte changed in a site, an entry or a
# symbol must turn that cell red naming arch, module, stage, section,
# offset, type, predicted and kernel bytes; a missing record, a record
# without its end, a dead guest, a dump of another boot must be red; the
# exclusion rules must exclude and list; ci/parse.py and ci/report.py must
# carry it all. Also apply's --unload, --reload and --write-anyway, which
# the comparison relies on. Host only, no QEMU.
. "$TOPDIR/tests/lib/tap.sh"
# the recorded arm64 runs are of the stock 6.12 kernel (no livepatch):
# its declared skips are the "arm64-stock" lines of ci/expected-skips.txt
export KLP_ARM64_STOCK=1
L=$TOPDIR/tests/ci/logs
FX=$TOPDIR/tests/fixtures
C="python3 $TOPDIR/ci/conformance.py"
P="python3 $TOPDIR/ci/parse.py"
K=${KLPRELOC:-$TOPDIR/klpreloc}
T=$KLP_TMP

cell() {	# cell CELLS CHECK: print the status of CHECK
	awk -F'\t' -v c="$2" '$1 == c { print $2 }' "$1"
}
detail() {	# detail CELLS CHECK
	awk -F'\t' -v c="$2" '$1 == c { print $3 }' "$1"
}
# the --arch-opt settings ci/lib.sh arch_opts gives for the matrix
# kernels (ci/config: no RANDOMIZE_BASE, no EXPOLINE, 4K pages)
aopt() {
	case $1 in
	x86_64) echo --arch-opt x86_64.randomize_base=off ;;
	s390x) echo --arch-opt s390x.expoline=off ;;
	ppc64le) echo --arch-opt ppc64le.page-size=4096 ;;
	esac
}
# setup ARCH: the run's modules, kallsyms dump and log under $T/ARCH
setup() {
	local a=$1 d=$T/$1
	mkdir -p "$d/own" "$d/ks"
	tar -xJf "$FX/$a/fixtures.tar.xz" -C "$d/own" &&
		cp "$FX/$a/families.txt" "$d/own/" &&
		cp "$TOPDIR/samples/livepatch/conformance.sh" "$d/own/" &&
		xz -dc "$FX/$a/kallsyms.xz" >"$d/ks/1.root" &&
		echo "klpreloc_lp.ko 1 ok recorded" >"$d/ks/index.txt" &&
		xz -dc "$L/$a-conformance.log.xz" >"$d/log"
}
# conf ARCH LOG OUT [ARGS...]: conformance.py on a log with the run's
# modules; the cycles are the log's
conf() {
	local a=$1 log=$2 out=$3 n
	shift 3
	n=$(grep -c '^KLPCONF: klpreloc_cover:reload-[0-9]* ' "$T/$a/log")
	# shellcheck disable=SC2046
	KLPRELOC=$K $C "$a" "$log" "$T/$a/own" "$T/$a/ks" "$out" --cycles "$n" \
		$(aopt "$a") "$@"
}
# flip LOG N WHICH [FIELD [DIGIT]]: a copy of LOG whose Nth line matching
# the regex WHICH has one hex digit of its FIELDth whitespace-separated
# field (1-based; default the last) changed, the DIGITth (0-based,
# default 0; -1 the last), nothing else; prints the copy's name
flip() {
	local out=$T/flip.$RANDOM
	python3 - "$1" "$2" "$3" "${4:-0}" "${5:-0}" "$out" <<'PY'
import re, sys
src, n, which, field, digit, out = sys.argv[1], int(sys.argv[2]), \
    sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
k = 0
with open(src) as f, open(out, "w") as o:
    for line in f:
        if re.search(which, line):
            k += 1
            if k == n:
                toks = list(re.finditer(r"\S+", line))
                t = toks[field - 1 if field else -1]
                i = t.start() + (digit if digit >= 0 else
                                 len(t.group()) + digit)
                line = line[:i] + ("1" if line[i] == "0" else "0") + \
                    line[i + 1:]
        o.write(line)
PY
	echo "$out"
}
# fn_le NAME: the address of the ppc64le kernel's NAME as little-endian
# hex, as a stub's funcdata holds it
fn_le() {
	awk -v n="$1" '$3 == n { print $1 }' "$T/ppc64le/ks/1.root" |
		sed 's/../& /g' | awk '{ for (i = NF; i; i--) printf "%s", $i }'
}

for a in x86_64 ppc64le s390x; do
	setup "$a"
	ok $? "$a: the recording, the fixtures' modules and kallsyms dump unpack"
	log=$T/$a/log
	grep -qx 'KLPCONF: end' "$log" && grep -qx 'KLPCI-END' "$log" &&
		[ "$(grep -c '^KLPCONF: klpreloc_cover:reload-[0-9]* pass' "$log")" -ge 100 ]
	ok $? "$a: premise: the guest got to the end, 100 cycles or more"
	conf "$a" "$log" "$T/$a/c" >"$T/$a/c.out" 2>&1
	ok $? "$a: conformance.py runs"
	res=$T/$a/c/cells.tsv
	# every site and every symbol of every stage equals the prediction
	bad=$(awk -F'\t' '$8 == "differ" && $5 != "entry"' "$T/$a/c/conformance.tsv" | head -n3)
	[ -z "$bad" ] && [ "$(awk -F'\t' '$8 == "ok" && $5 != "entry" && $5 != "sym"' "$T/$a/c/conformance.tsv" | wc -l)" -gt 1000 ]
	ok $? "$a: every klp relocation site and symbol equal to klpreloc apply's${bad:+: $bad}"
	# the entries too: PLTs, stubs (ppc64le's ftrace ones included,
	# which take the kernel's .TOC.), GOT slots
	bad=$(awk -F'\t' '$8 != "ok" && $5 == "entry"' "$T/$a/c/conformance.tsv" | head -n3)
	[ -z "$bad" ]
	ok $? "$a: every PLT/stub/GOT entry equal, none excluded${bad:+: $bad}"
	for p in klpreloc_cover klpreloc_lp; do
		for s in load unload reload notarget late; do
			st=$(cell "$res" "conformance:$p.ko:$s")
			[ "$st" = pass ]
			ok $? "$a: conformance:$p.ko:$s: $st"
		done
		# every section where apply lays it out, .symtab and .strtab
		# (layout_symtab(), copy_module_elf()) included
		[ "$(cell "$res" "conformance-layout:$p.ko")" = pass ] &&
			detail "$res" "conformance-layout:$p.ko" | grep -q '^[1-9][0-9]* sections'
		ok $? "$a: conformance-layout:$p.ko: $(detail "$res" "conformance-layout:$p.ko" | cut -c1-100)"
	done
	[ "$(cell "$res" stress)" = pass ]
	ok $? "$a: stress: $(detail "$res" stress | cut -c1-120)"
	fam=$(detail "$res" conformance | sed -n 's/.*families: //p')
	for f in $(awk '$1 == "klpreloc_cover.ko" { print $3 }' "$T/$a/own/families.txt" | sort -u); do
		echo "$fam" | grep -q "vmlinux:$f\|klpreloc_target:$f" ||
			{ echo "# $f not seen"; false; }
	done
	ok $? "$a: every family of families.txt compared"
done

# the s390x recording: klpreloc_lp's target came back with its data
# elsewhere: the GOT slot stays stale, and apply --reload predicted it
grep -q "s390-stale-slot" "$T/s390x/c/cells.tsv" &&
	[ "$(cell "$T/s390x/c/cells.tsv" conformance:klpreloc_lp.ko:reload)" = pass ]
ok $? "s390x: the stale GOT slot of klpreloc_lp's reloads is predicted (s390-stale-slot) and equal"
# ppc64le's ftrace stubs: create_ftrace_stub() for the _mcount calls and
# module_finalize_ftrace()'s ftrace_caller and ftrace_regs_caller, in every
# stage, compared and equal (their immediates are funcdata - kernel .TOC.)
s=$(grep -c '^KLPCONF: .* pass' "$T/ppc64le/log")
for f in _mcount ftrace_caller ftrace_regs_caller; do
	m=$(fn_le "$f")
	n=$(awk -F'\t' -v m="$m" '$5 == "entry" && $8 == "ok" &&
		substr($7, 65) == m && substr($7, 1, 8) == "10008de9"' \
		"$T/ppc64le/c/conformance.tsv" | wc -l)
	[ -n "$m" ] && [ "$n" -ge "$s" ]
	ok $? "ppc64le: the ftrace stub for $f compared and equal in every stage ($n entries, $s stages)"
done
# an entry rule says another mechanism fills the entry and the model
# leaves it free: stale now that klpreloc writes the ftrace_caller stub
# itself, it must turn red, not hide the comparison
rules=$T/erules
cp "$TOPDIR/ci/conformance-exclusions.txt" "$rules"
echo 'ppc64le made-up entry stub ftrace_caller made up for the test' >>"$rules"
conf ppc64le "$T/ppc64le/log" "$T/fe" --rules "$rules" >/dev/null 2>&1
n=$(awk -F'\t' '$8 == "differ" && $9 ~ /^made-up: .*klpreloc used that entry itself/' "$T/fe/conformance.tsv" | wc -l)
[ "$n" -ge "$s" ] && [ "$(cell "$T/fe/cells.tsv" conformance)" = fail ] &&
	detail "$T/fe/cells.tsv" conformance:klpreloc_lp.ko:load | grep -q "klpreloc put its own entry where the kernel has made-up's"
ok $? "ppc64le: an entry rule for a stub klpreloc fills itself is red, each entry listed ($n)"

# the patch's own per-cpu variable: where percpu_modalloc() put it (the
# reserved chunk after __per_cpu_end) is compared in every stage on s390x;
# on ppc64le (no reserved chunk) a symbol rule lists it instead, and
# without the rule it differs
n=$(awk -F'\t' '$3 == "klpreloc_cover_reads" && $5 == "sym" && $8 == "ok"' \
	"$T/s390x/c/conformance.tsv" | wc -l)
[ "$n" -ge "$(grep -c '^KLPCONF: klpreloc_cover:' "$T/s390x/log")" ]
ok $? "s390x: klpreloc_cover's per-cpu variable compared and equal in every stage ($n)"
f=$(flip "$T/s390x/log" 1 '^klpdump: [0-9]+:klpreloc_cover:load klpreloc_cover sym [0-9]+ klpreloc_cover_reads ' 7 -3)
conf s390x "$f" "$T/fp" >/dev/null 2>&1
[ "$(cell "$T/fp/cells.tsv" conformance:klpreloc_cover.ko:load)" = fail ] &&
	detail "$T/fp/cells.tsv" conformance:klpreloc_cover.ko:load |
	grep -q 'symbol klpreloc_cover_reads: predicted'
ok $? "s390x: a per-cpu address one bit off: red, naming the symbol"
n=$(awk -F'\t' '$3 == "klpreloc_cover_reads" && $8 == "excluded" &&
	$9 ~ /^percpu-dynamic: /' "$T/ppc64le/c/conformance.tsv" | wc -l)
[ "$n" -gt 0 ] &&
	detail "$T/ppc64le/c/cells.tsv" conformance:klpreloc_cover.ko:load |
	grep -q 'symbols excluded'
ok $? "ppc64le: the per-cpu variable is listed, excluded by its rule ($n)"
grep -v ' percpu-dynamic symbol ' "$TOPDIR/ci/conformance-exclusions.txt" \
	>"$T/srules"
conf ppc64le "$T/ppc64le/log" "$T/fs" --rules "$T/srules" >/dev/null 2>&1
[ "$(cell "$T/fs/cells.tsv" conformance:klpreloc_cover.ko:load)" = fail ] &&
	detail "$T/fs/cells.tsv" conformance:klpreloc_cover.ko:load |
	grep -q 'symbol klpreloc_cover_reads: predicted'
ok $? "ppc64le: without the rule, the dynamic area's address differs: red"

# one byte changed: that cell red, naming everything; the others stay
a=x86_64 log=$T/x86_64/log
f=$(flip "$log" 1 '^klpdump: [0-9]+:klpreloc_cover:reload-37 klpreloc_cover site klpreloc_target \.text\+')
line=$(grep '^klpdump: [0-9]*:klpreloc_cover:reload-37 klpreloc_cover site klpreloc_target .text+' "$f" | head -n1)
read -r _ _ _ _ _ secoff typ _ hx <<<"$line"
conf x86_64 "$f" "$T/f1" >/dev/null 2>&1
det=$(detail "$T/f1/cells.tsv" conformance:klpreloc_cover.ko:reload)
want="x86_64 klpreloc_cover.ko reload-37: klpreloc_target ${secoff%+*}+0x${secoff#*+} R_X86_64_"
[ "$(cell "$T/f1/cells.tsv" conformance:klpreloc_cover.ko:reload)" = fail ] &&
	echo "$det" | grep -qF "$want" &&
	echo "$det" | grep -qE "predicted [0-9a-f]{8}, kernel ${hx:0:8}" &&
	echo "$det" | grep -q '^1 of 100 stage'
ok $? "a flipped site byte: reload red, naming arch, module, stage, object, section, offset, type, both bytes ($(echo "$det" | cut -c1-200))"
[ "$(cell "$T/f1/cells.tsv" conformance:klpreloc_cover.ko:load)" = pass ] &&
	[ "$(cell "$T/f1/cells.tsv" conformance:klpreloc_lp.ko:reload)" = pass ] &&
	[ "$(cell "$T/f1/cells.tsv" conformance)" = fail ] &&
	detail "$T/f1/cells.tsv" stress | grep -q 'klpreloc_cover.ko: 100 of 100 cycles .*(99 equal to the prediction)'
ok $? "... the other stages pass; conformance is red; the stress counts 99 equal cycles"
[ "$(awk -F'\t' '$2 == "reload-37" && $8 == "differ"' "$T/f1/conformance.tsv" | wc -l)" -eq 1 ] &&
	awk -F'\t' '$2 == "reload-37" && $8 == "differ" { print $1, $3, $4, $7 }' "$T/f1/conformance.tsv" |
	grep -q "^klpreloc_cover.ko ${secoff%+*} 0x${secoff#*+} ${hx:0:8}$"
ok $? "... and conformance.tsv has that one differing line"
mkdir -p "$T/rep/x86_64"
$P x86_64 "$f" "$T/x86_64/own" "" "$T/f1" >"$T/rep/x86_64/results.tsv"
cp -r "$T/f1" "$T/rep/x86_64/conformance"
rc=0
python3 "$TOPDIR/ci/report.py" "$T/rep" x86_64 >"$T/rep/term" 2>&1 || rc=$?
[ "$rc" -ne 0 ] && grep -q '^FAIL x86_64 conformance:klpreloc_cover.ko:reload: 1 of 100' "$T/rep/term" &&
	grep -q '| conformance:klpreloc_cover.ko:reload | FAIL |' "$T/rep/report.md" &&
	grep -q '^| x86_64 | [0-9]* | [0-9]* | 1 | 0 |' "$T/rep/report.md" &&
	grep -q 'name="conformance:klpreloc_cover.ko:reload"' "$T/rep/junit.xml"
ok $? "parse.py and report.py: the cell fails the run; report.md's table counts 1 differing site"

# the core symbol table one byte off: the layout cell red, naming .symtab
# (a model without layout_symtab() would miss it entirely)
f=$(flip "$log" 1 '^klpdump: [0-9]+:klpreloc_lp:load klpreloc_lp sec [0-9]+ \.symtab ' 7 -1)
conf x86_64 "$f" "$T/fs" >/dev/null 2>&1
[ "$(cell "$T/fs/cells.tsv" conformance-layout:klpreloc_lp.ko)" = fail ] &&
	detail "$T/fs/cells.tsv" conformance-layout:klpreloc_lp.ko |
	grep -qE 'load: \.symtab: predicted 0x[0-9a-f]+, kernel 0x[0-9a-f]+' &&
	[ "$(cell "$T/fs/cells.tsv" conformance-layout:klpreloc_cover.ko)" = pass ]
ok $? "a flipped .symtab address: conformance-layout red naming it ($(detail "$T/fs/cells.tsv" conformance-layout:klpreloc_lp.ko | cut -c1-160))"
# .strtab is in init data: compared with the other init sections
f=$(flip "$log" 1 '^klpdump: [0-9]+:klpreloc_cover:load klpreloc_cover sec [0-9]+ \.strtab ' 7 -2)
conf x86_64 "$f" "$T/fs2" >/dev/null 2>&1
[ "$(cell "$T/fs2/cells.tsv" conformance-layout:klpreloc_cover.ko)" = fail ] &&
	detail "$T/fs2/cells.tsv" conformance-layout:klpreloc_cover.ko |
	grep -qE 'load: \.strtab \(init_data\): at 0x[0-9a-f]+, apply.s 0x[0-9a-f]+: not where the other init_data'
ok $? "a moved .strtab: red, not where the other init_data sections put it ($(detail "$T/fs2/cells.tsv" conformance-layout:klpreloc_cover.ko | cut -c1-160))"

# an entry and a symbol
f=$(flip "$T/s390x/log" 2 '^klpdump: [0-9]+:klpreloc_lp:late klpreloc_lp got ')
conf s390x "$f" "$T/f2" >/dev/null 2>&1
det=$(detail "$T/f2/cells.tsv" conformance:klpreloc_lp.ko:late)
[ "$(cell "$T/f2/cells.tsv" conformance:klpreloc_lp.ko:late)" = fail ] &&
	echo "$det" | grep -qE 's390x klpreloc_lp.ko late: got\[1\] at text\+0x8 \(0x[0-9a-f]+\): predicted [0-9a-f]{16}, kernel [0-9a-f]{16}'
ok $? "a flipped GOT byte: late red, naming the entry ($(echo "$det" | cut -c1-160))"
f=$(flip "$log" 1 '^klpdump: [0-9]+:klpreloc_lp:notarget klpreloc_lp sym .*vmlinux')
conf x86_64 "$f" "$T/f3" >/dev/null 2>&1
detail "$T/f3/cells.tsv" conformance:klpreloc_lp.ko:notarget |
	grep -qE 'x86_64 klpreloc_lp.ko notarget: symbol \.klp\.sym\.vmlinux\.[a-z_]+,0: predicted [0-9a-f]+, kernel [0-9a-f]+'
ok $? "a changed symbol value: notarget red, naming the symbol"
f=$(flip "$log" 1 '^klpdump: [0-9]+:klpreloc_cover:load klpreloc_cover sec [0-9]+ \.data ')
conf x86_64 "$f" "$T/f4" >/dev/null 2>&1
detail "$T/f4/cells.tsv" conformance-layout:klpreloc_cover.ko | grep -q 'load: \.data: size 0x[0-9a-f]* predicted, 0x[0-9a-f]* kernel'
ok $? "a section of another size: conformance-layout red, naming it"

# ppc64le: a stub the model used beyond the kernel's last one
l=$(grep -E '^klpdump: [0-9]+:klpreloc_cover:load klpreloc_cover stub ' "$T/ppc64le/log" | tail -n1)
grep -vxF "$l" "$T/ppc64le/log" >"$T/stub.log"
conf ppc64le "$T/stub.log" "$T/f15" >/dev/null 2>&1
n=$(echo "$l" | awk '{ print $5 }')
detail "$T/f15/cells.tsv" conformance:klpreloc_cover.ko:load |
	grep -q "ppc64le klpreloc_cover.ko load: stub\[$n\]: predicted used ([0-9a-f]*), kernel: unused"
ok $? "ppc64le: a stub the prediction has and the kernel's list does not: red"
# the reader must have seen every relocation of families.txt
l=$(grep -E '^klpdump: [0-9]+:klpreloc_cover:load klpreloc_cover site ' "$log" | head -n1)
grep -vxF "$l" "$log" >"$T/fam.log"
conf x86_64 "$T/fam.log" "$T/f16" >/dev/null 2>&1
detail "$T/f16/cells.tsv" conformance:klpreloc_cover.ko:load | grep -q 'the record misses relocations'
ok $? "a relocation missing from a record: red"
# lines the reader lost, and what else the guest said, are red
sed '0,/^KLPCONF: klpreloc_lp:late /s//KLPCONF: klpreloc_dump fail insmod: made up\nklpdump: lost 3 lines\n&/' "$log" >"$T/lost.log"
conf x86_64 "$T/lost.log" "$T/f17" >/dev/null 2>&1
[ "$(cell "$T/f17/cells.tsv" conformance)" = fail ] &&
	detail "$T/f17/cells.tsv" conformance | grep -q 'the guest also said: klpreloc_dump fail insmod: made up; the reader lost 3 lines'
ok $? "lost lines and other guest lines: conformance red, saying so"

# a model that writes one wrong byte (as a broken backend formula would):
# the prediction, not the recording, is wrong; the same cells go red
site=$(grep -E '^klpdump: [0-9]+:klpreloc_lp:load klpreloc_lp site klpreloc_target \.text\+' "$log" |
	head -n1 | awk '{ print $6 }')
bad=$T/bad-klpreloc
cat >"$bad" <<EOF
#!/bin/bash
# klpreloc, but apply writes 0x5a into klpreloc_lp's .text at $site
"$K" "\$@" || exit \$?
case " \$* " in *" apply "*"/klpreloc_lp.ko ") ;; *) exit 0 ;; esac
while [ \$# -gt 1 ]; do [ "\$1" = --out ] && out=\$2; shift; done
printf '\\x5a' | dd of="\$out/sections/.text.bin" bs=1 seek=\$((0x${site#*+})) conv=notrunc 2>/dev/null
EOF
chmod +x "$bad"
K=$bad conf x86_64 "$log" "$T/f18" >/dev/null 2>&1
for s in load reload late; do
	[ "$(cell "$T/f18/cells.tsv" "conformance:klpreloc_lp.ko:$s")" = fail ] &&
		detail "$T/f18/cells.tsv" "conformance:klpreloc_lp.ko:$s" |
		grep -qE "x86_64 klpreloc_lp.ko $s[-0-9]*: klpreloc_target \.text\+0x${site#*+} R_X86_64_[A-Z0-9]+: predicted 5a[0-9a-f]{6}, kernel [0-9a-f]{8}"
	ok $? "a model that writes a wrong byte: klpreloc_lp's $s red, naming the site"
done
[ "$(cell "$T/f18/cells.tsv" conformance:klpreloc_cover.ko:load)" = pass ]
ok $? "... the other patch's cells agree"

# a missing record, a record without its end, a dead guest
b=$(grep -n '^klpdump: begin [0-9]*:klpreloc_cover:reload-37 ' "$log" | cut -d: -f1)
e=$(grep -n '^klpdump: end [0-9]*:klpreloc_cover:reload-37 ' "$log" | cut -d: -f1)
sed "${b},${e}d" "$log" >"$T/norec.log"
conf x86_64 "$T/norec.log" "$T/f5" >/dev/null 2>&1
detail "$T/f5/cells.tsv" conformance:klpreloc_cover.ko:reload |
	grep -q 'x86_64 klpreloc_cover.ko reload-37: no complete record klpreloc_cover:reload-37 (none)' &&
	[ "$(cell "$T/f5/cells.tsv" stress)" = fail ] &&
	detail "$T/f5/cells.tsv" stress | grep -q 'klpreloc_cover.ko: 99 of 100 cycles'
ok $? "a missing record: reload red, the stress counts 99 cycles"
sed "${e}d" "$log" >"$T/noend.log"
conf x86_64 "$T/noend.log" "$T/f6" >/dev/null 2>&1
detail "$T/f6/cells.tsv" conformance:klpreloc_cover.ko:reload | grep -q 'reload-37: no complete record .*(no end line)'
ok $? "a record without its end line is not compared: red"
d=$(grep -n '^KLPCONF: klpreloc_lp:reload-50 ' "$log" | cut -d: -f1)
head -n "$((d + 3))" "$log" >"$T/dead.log"
conf x86_64 "$T/dead.log" "$T/f7" >/dev/null 2>&1
detail "$T/f7/cells.tsv" conformance | grep -q '^the guest died during conformance' &&
	detail "$T/f7/cells.tsv" conformance:klpreloc_lp.ko:late | grep -q 'no KLPCONF result: the guest never got there (it died' &&
	[ "$(cell "$T/f7/cells.tsv" conformance:klpreloc_cover.ko:late)" = pass ] &&
	[ "$(cell "$T/f7/cells.tsv" stress)" = fail ]
ok $? "a guest dead in the stages: conformance, the stages it never reached and stress red; the earlier ones pass"
$P x86_64 "$T/dead.log" "$T/x86_64/own" "" "$T/f7" >"$T/dead.res"
[ "$(cell "$T/dead.res" completed)" = fail ] && [ "$(cell "$T/dead.res" conformance)" = fail ]
ok $? "... parse.py: completed and conformance fail"
: >"$T/empty.log"
conf x86_64 "$T/empty.log" "$T/f8" >/dev/null 2>&1
[ "$(cell "$T/f8/cells.tsv" conformance)" = fail ] &&
	[ "$(cell "$T/f8/cells.tsv" conformance:klpreloc_cover.ko:load)" = fail ]
ok $? "an empty console: every cell red"
# what comes after KLPCI-END is not trusted
f=$(flip "$log" 1 '^klpdump: [0-9]+:klpreloc_cover:load klpreloc_cover site ')
{ cat "$log"; echo "KLPCONF: klpreloc_cover:load fail made up"
  sed -n '/^klpdump: begin [0-9]*:klpreloc_cover:load /,/^klpdump: end [0-9]*:klpreloc_cover:load /p' "$f"
} >"$T/after.log"
conf x86_64 "$T/after.log" "$T/f9" >/dev/null 2>&1
[ "$(cell "$T/f9/cells.tsv" conformance:klpreloc_cover.ko:load)" = pass ]
ok $? "a line after KLPCI-END is not read"
# a kallsyms dump of another boot: the kernel's _text is elsewhere
sed 's/^\(klpsyms: - \)ffffffff81/\1ffffffff83/' "$log" >"$T/kaslr.log"
conf x86_64 "$T/kaslr.log" "$T/f10" >/dev/null 2>&1
detail "$T/f10/cells.tsv" conformance:klpreloc_cover.ko:load | grep -q 'is not of this boot'
ok $? "a kallsyms dump of another boot: not compared, red"
# a target that moved without the guest saying so: the symbols differ
f=$(flip "$log" 1 '^klpsyms: klpreloc_lp:late .*klpreloc_target_reads' 3 -2)
conf x86_64 "$f" "$T/f11" >/dev/null 2>&1
detail "$T/f11/cells.tsv" conformance:klpreloc_lp.ko:late | grep -q 'the kernel resolved .klp.sym.klpreloc_target.klpreloc_target_reads,0 to ffffffffa[0-9a-f]*, the guest.s klpsyms lines say ffffffffa[0-9a-f]*: the target moved without them'
ok $? "kallsyms lines that are not where the target is: red, saying so"

# exclusions: a rule that covers sites excludes and lists them; a bad
# rules file is red
rules=$T/rules
cp "$TOPDIR/ci/conformance-exclusions.txt" "$rules"
echo 'x86_64 made-up __mcount_loc 8 0 0 0x200 made up for the test' >>"$rules"
conf x86_64 "$log" "$T/f12" --rules "$rules" >/dev/null 2>&1
n=$(awk -F'\t' '$8 == "excluded" && $9 ~ /^made-up rewrites \.text\+0x/' "$T/f12/conformance.tsv" | wc -l)
[ "$n" -gt 100 ] && [ "$(cell "$T/f12/cells.tsv" conformance:klpreloc_cover.ko:load)" = pass ] &&
	detail "$T/f12/cells.tsv" conformance:klpreloc_cover.ko:load | grep -q 'sites excluded' &&
	detail "$T/f12/cells.tsv" conformance | grep -qE '[1-9][0-9]* excluded\)'
ok $? "a rule covering .text excludes its sites, each listed ($n), and counted"
echo 'x86_64 broken' >>"$rules"
conf x86_64 "$log" "$T/f13" --rules "$rules" >/dev/null 2>&1
detail "$T/f13/cells.tsv" conformance:klpreloc_cover.ko:load | grep -q 'want ARCH MECHANISM SECTION'
ok $? "a malformed rule: red"

# arm64 6.12: the guest skips; a declared skip there, a failure elsewhere
printf 'KLPCONF: all skip no /sys/kernel/livepatch in this kernel\nKLPCONF: end\nKLPCI-END\n' >"$T/skip.log"
KLPRELOC=$K $C arm64 "$T/skip.log" "$T/x86_64/own" "$T/x86_64/ks" "$T/f14" --cycles 100 >/dev/null 2>&1
[ "$(cell "$T/f14/cells.tsv" conformance)" = skip ] && [ "$(cell "$T/f14/cells.tsv" stress)" = skip ]
ok $? "all skip: conformance and stress skip"
$P arm64 "$T/skip.log" "" "" "$T/f14" >"$T/skip.res"
$P x86_64 "$T/skip.log" "" "" "$T/f14" >"$T/skip-x.res"
[ "$(cell "$T/skip.res" conformance)" = skip ] && [ "$(cell "$T/skip-x.res" conformance)" = fail ]
ok $? "... declared for arm64 (ci/expected-skips.txt), a failure on x86_64"
# a splat in the kernel log fails the stress
{ grep -v '^KLPCI-END' "$log"; echo "WARNING: CPU: 0 PID: 1 at kernel/module/main.c:1 made up"; echo KLPCI-END; } >"$T/splat.log"
$P x86_64 "$T/splat.log" "" "" "$T/x86_64/c" >"$T/splat.res"
[ "$(cell "$T/splat.res" stress)" = fail ] && detail "$T/splat.res" stress | grep -q 'splat: WARNING: CPU'
ok $? "a splat fails the stress cell"
$P x86_64 "$log" "" "" "$T/x86_64/c" >"$T/ok.res"
[ "$(cell "$T/ok.res" stress)" = pass ] && detail "$T/ok.res" stress | grep -q 'no splat$\|no splat;'
ok $? "... none: the stress passes, saying so"
# a declared disagreement: xfail
ci=$T/ci
mkdir -p "$ci"
cp "$TOPDIR"/ci/{parse.py,kallsyms.py,report.py,expected-skips.txt} "$ci/"
echo 'x86_64 conformance:klpreloc_cover.ko:rel* made up for the test' >"$ci/expected-disagreements.txt"
python3 "$ci/parse.py" x86_64 "$log" "" "" "$T/f1" >"$T/x.res"
grep -qP '^conformance:klpreloc_cover.ko:reload\txfail\tdeclared: made up for the test' "$T/x.res"
ok $? "a declared conformance cell is xfail with its reason"
# f1: the flipped reload is the one red cell
echo 'x86_64 conformance-layout:* made up for the test' >"$ci/expected-disagreements.txt"
python3 "$ci/parse.py" x86_64 "$log" "" "" "$T/f1" >"$T/x3.res"
grep -qP '^conformance:klpreloc_cover.ko:reload\txfail\t' "$T/x.res" &&
	grep -qP '^conformance\tpass\tevery red cell declared \(conformance:klpreloc_cover.ko:reload\)' "$T/x.res" &&
	grep -qP '^conformance\tfail\t' "$T/x3.res"
ok $? "the summary passes when each of its red cells is declared, not while another is red"

# apply's options the comparison needs, on the s390x recording: the
# target's place at klpreloc_lp's load, then where it came back
d=$T/s390x o=$d/own
grep -v '	\[' "$d/ks/1.root" >"$d/base"
at() {	# at TAG: the klpsyms lines printed at TAG
	sed -n "s/^klpsyms: $1 //p" "$d/log"
}
{ cat "$d/base"; at klpreloc_cover:late; } >"$d/first"
at klpreloc_lp:reload-1 >"$d/back"
awk '$1 == "klpdump:" && $2 ~ /^[0-9]+:klpreloc_lp:load$/ && $4 == "mem" { print "mem", $5, $6, $7 }' \
	"$d/log" >"$d/layout"
[ -s "$d/back" ] && [ -s "$d/layout" ] &&
	! diff -q <(at klpreloc_cover:late | grep _reads) <(grep _reads "$d/back") >/dev/null
ok $? "premise: klpreloc_target_reads came back elsewhere at klpreloc_lp's reload-1"
run_apply() {	# run_apply OUT ARGS...: apply on klpreloc_lp, sets rc
	local out=$1
	shift
	rc=0
	"$K" apply --target "$d/first" --layout "$d/layout" \
		--target-module "klpreloc_target=$o/klpreloc_target.ko" \
		--arch-opt s390x.expoline=off "$@" --out "$out" \
		"$o/klpreloc_lp.ko" >"$T/apply.out" 2>&1 || rc=$?
}
run_apply "$T/a1" --reload "klpreloc_target=$d/back"
[ "$rc" -eq 1 ] && [ ! -e "$T/a1" ] && grep -q 'error: s390-stale-slot: ' "$T/apply.out" &&
	grep -q 'refused: nothing written' "$T/apply.out"
ok $? "apply --reload: the GOT slot goes stale (s390-stale-slot), exit 1, nothing written"
run_apply "$T/a2" --reload "klpreloc_target=$d/back" --write-anyway
slot=$(sed -n 's/.*GOT slot of .klp.sym.klpreloc_target.klpreloc_target_reads,0 at 0x\([0-9a-f]*\) keeps 0x\([0-9a-f]*\) .*/\1 \2/p' "$T/apply.out")
read -r sa sv <<<"$slot"
tb=$(awk '$2 == "text" { print $3 }' "$T/a2/layout.txt" 2>/dev/null)
got=$(od -An -tx1 -j $((0x$sa - tb)) -N8 "$T/a2/mem/text.bin" 2>/dev/null | tr -d ' \n')
kern=$(grep -E "^klpdump: [0-9]+:klpreloc_lp:reload-1 klpreloc_lp got [0-9]+ $sa " "$d/log" | awk '{ print $NF }')
[ "$rc" -eq 1 ] && grep -q 'refused or broken: wrote .* anyway' "$T/apply.out" &&
	[ "$got" = "$(printf '%016x' $((0x$sv)))" ] && [ "$got" = "$kern" ]
ok $? "--write-anyway: exit 1, written, the slot holds the first address as the kernel's does ($got, kernel $kern)"
run_apply "$T/a3" --unload klpreloc_target
[ "$rc" -eq 0 ] && cmp -s "$T/a3/mem/text.bin" "$T/a2/mem/text.bin"
ok $? "--unload on s390x (no clear in 6.12): exit 0, what the last apply left stays"
run_apply "$T/a4" --unload nosuch
[ "$rc" -eq 2 ] && grep -q -- '--unload nosuch: not a module object this patch has klp relocations for' "$T/apply.out" && [ ! -e "$T/a4" ]
ok $? "--unload of an object the patch does not patch: exit 2, nothing written"
run_apply "$T/a5" --reload "klpreloc_target=$d/base"
[ "$rc" -eq 2 ] && grep -q 'no \[klpreloc_target\] lines with addresses' "$T/apply.out"
ok $? "--reload FILE without the object's lines: exit 2"
rc=0
"$K" check --target "$d/first" --unload klpreloc_target "$o/klpreloc_lp.ko" >"$T/apply.out" 2>&1 || rc=$?
[ "$rc" -eq 2 ] && grep -q 'klpreloc check: --unload is not an option of check (only apply takes it)' "$T/apply.out"
ok $? "check takes none of them"
# x86_64: clear_relocate_add() zeroes the target's sites
d=$T/x86_64 o=$d/own
grep -v '	\[' "$d/ks/1.root" >"$d/base"
{ cat "$d/base"; sed -n 's/^klpsyms: klpreloc_cover:load //p' "$d/log"; } >"$d/first"
awk '$1 == "klpdump:" && $2 ~ /^[0-9]+:klpreloc_cover:load$/ && $4 == "mem" { print "mem", $5, $6, $7 }' "$d/log" >"$d/layout"
rc=0
"$K" apply --target "$d/first" --layout "$d/layout" --unload klpreloc_target \
	--target-module "klpreloc_target=$o/klpreloc_target.ko" --out "$T/a6" \
	"$o/klpreloc_cover.ko" >"$T/apply.out" 2>&1 || rc=$?
off=$(grep -E '^klpdump: [0-9]+:klpreloc_cover:unload klpreloc_cover site klpreloc_target \.text\+' "$d/log" | head -n1 | awk '{ print $6 }')
[ "$rc" -eq 0 ] && [ "$(od -An -tx1 -j $((0x${off#*+})) -N4 "$T/a6/sections/.text.bin" | tr -d ' \n')" = 00000000 ]
ok $? "x86_64 --unload: the target's sites are zero, as the kernel left them"

# make matrix EXTRA=DIR: a user's patch, compared by conformance.py
# --extra. The x86_64 recording's load-stage record of klpreloc_lp,
# retagged as the guest tags an EXTRA patch (NAME:extra); the root dump
# the guest would have taken before it: vmlinux plus the target where the
# klpsyms lines in effect put it (printed last at klpreloc_cover:late)
x=$T/extra
mkdir -p "$x/mods" "$x/ks"
cp "$T/x86_64/own/klpreloc_target.ko" "$T/x86_64/own/klpreloc_lp.ko" "$x/mods/"
printf '%s\n' "klpreloc_target.ko load" "klpreloc_lp.ko load" >"$x/mods/expect.txt"
{ grep -v '	\[' "$T/x86_64/ks/1.root"
  sed -n 's/^klpsyms: klpreloc_cover:late //p' "$T/x86_64/log"; } >"$x/ks/1.root"
echo "extra:klpreloc_lp.ko 1 ok recorded" >"$x/ks/index.txt"
sed -n 's/^\(klpdump: [a-z]* *[0-9]*:klpreloc_lp\):load /\1:extra /p; s/^\(klpdump: [0-9]*:klpreloc_lp\):load /\1:extra /p' \
	"$T/x86_64/log" >"$x/log"
grep -q '^klpdump: begin [0-9]*:klpreloc_lp:extra ' "$x/log" &&
	grep -q '^klpdump: [0-9]*:klpreloc_lp:extra klpreloc_lp site ' "$x/log" &&
	[ "$(grep -c 'klpreloc_target_' "$x/ks/1.root")" -gt 2 ]
ok $? "premise: the retagged record and the dump with the target"
KLPRELOC=$K $C x86_64 "$x/log" "$x/mods" "$x/ks" "$x/c" --extra \
	--arch-opt x86_64.randomize_base=off >"$x/c.out" 2>&1
ok $? "conformance.py --extra runs"
[ "$(cell "$x/c/cells.tsv" conformance-extra:klpreloc_lp.ko)" = pass ] &&
	[ "$(cell "$x/c/cells.tsv" conformance-extra)" = pass ] &&
	[ "$(awk -F'\t' '$2 == "extra" && $8 == "ok"' "$x/c/conformance.tsv" | wc -l)" -gt 3 ]
ok $? "EXTRA: klpreloc_lp's sites, symbols and sections equal ($(detail "$x/c/cells.tsv" conformance-extra:klpreloc_lp.ko))"
f=$(flip "$x/log" 1 '^klpdump: [0-9]+:klpreloc_lp:extra klpreloc_lp site klpreloc_target ')
KLPRELOC=$K $C x86_64 "$f" "$x/mods" "$x/ks" "$x/c2" --extra \
	--arch-opt x86_64.randomize_base=off >/dev/null 2>&1
[ "$(cell "$x/c2/cells.tsv" conformance-extra:klpreloc_lp.ko)" = fail ] &&
	detail "$x/c2/cells.tsv" conformance-extra:klpreloc_lp.ko | grep -q 'x86_64 klpreloc_lp.ko: klpreloc_target .*predicted [0-9a-f]*, kernel' &&
	[ "$(cell "$x/c2/cells.tsv" conformance-extra)" = fail ]
ok $? "EXTRA: one byte changed: red, naming the site"
grep -v 'klpreloc_lp:extra' "$x/log" >"$x/none.log"
KLPRELOC=$K $C x86_64 "$x/none.log" "$x/mods" "$x/ks" "$x/c3" --extra >/dev/null 2>&1
detail "$x/c3/cells.tsv" conformance-extra:klpreloc_lp.ko | grep -q '^no complete record of klpreloc_lp'
ok $? "EXTRA: a patch the guest did not record: red"

# A section the module loader skips (sh_info past the section table):
# the fixture's silent/klpreloc_lp_badinfo.ko, the same patch as
# klpreloc_lp but for that header. Its record as the guest writes it
# (make matrix EXTRA= on the four arches, 2026-12-03): the reader's one
# "?" site line for the section, and the vmlinux klp symbols the section
# alone refers to left 0 (the loader skips it before they are resolved);
# the rest as klpreloc_lp's.
s=$x/skip
mkdir -p "$s/mods"
tar -xJf "$FX/x86_64/fixtures.tar.xz" -C "$s" silent/klpreloc_lp_badinfo.ko
cp "$T/x86_64/own/klpreloc_target.ko" "$s/silent/klpreloc_lp_badinfo.ko" "$s/mods/"
printf '%s\n' "klpreloc_target.ko load" "klpreloc_lp_badinfo.ko load" >"$s/mods/expect.txt"
echo "extra:klpreloc_lp_badinfo.ko 1 ok recorded" >"$x/ks/index.txt"
skiprec() {	# skiprec NAME [STRTAB]: klpreloc_lp's record as NAME's, skipped
	awk -v n="$1" -v st="${2:-}" '
	{ for (i = 2; i <= 3; i++) sub(/:klpreloc_lp:extra$/, ":" n ":extra", $i) }
	$1 == "klpdump:" && $3 == "klpreloc_lp" { $3 = n }
	$4 == "site" && $5 == "vmlinux" { if (!s++) print $1, $2, $3, "site vmlinux ?+0 0 0 -"; next }
	$4 == "sym" && $6 ~ /^\.klp\.sym\.vmlinux\./ { $7 = 0 }
	$4 == "sec" && $6 == ".strtab" && st != "" { $8 = st }
	{ print }' "$x/log"
}
# (badinfo's string table is its own: the module's name is longer)
skiprec klpreloc_lp_badinfo "$(readelf -SW "$s/mods/klpreloc_lp_badinfo.ko" 2>/dev/null |
	awk '{ for (i = 1; i < NF; i++) if ($i == ".strtab") {
		z = $(i + 4); sub(/^0+/, "", z); print z } }')" >"$s/log"
[ "$(grep -c ' site vmlinux ?+0 0 0 -$' "$s/log")" = 1 ] &&
	grep -q '^klpdump: [0-9]*:klpreloc_lp_badinfo:extra klpreloc_lp_badinfo sym [0-9]* \.klp\.sym\.vmlinux\.saved_command_line,0 0$' "$s/log" &&
	readelf -SW "$s/mods/klpreloc_lp_badinfo.ko" 2>/dev/null |
	grep -qE '\.klp\.rela\.vmlinux\.text +RELA .* 25 +30 +8$'
ok $? "premise: badinfo's record has the reader's one '?' line, its vmlinux klp symbols 0, its sh_info past the table"
KLPRELOC=$K $C x86_64 "$s/log" "$s/mods" "$x/ks" "$s/c" --extra \
	--arch-opt x86_64.randomize_base=off >"$s/c.out" 2>&1
[ "$(cell "$s/c/cells.tsv" conformance-extra:klpreloc_lp_badinfo.ko)" = pass ] &&
	detail "$s/c/cells.tsv" conformance-extra:klpreloc_lp_badinfo.ko |
	grep -q '^3 sites (1 in sections the loader skips), ' &&
	[ "$(awk -F'\t' '$1 == "klpreloc_lp_badinfo.ko" && $3 == "?" && $8 == "skipped"' "$s/c/conformance.tsv" | wc -l)" = 1 ]
ok $? "EXTRA: a section the loader skips, which klpreloc says it skips: equal, counted ($(detail "$s/c/cells.tsv" conformance-extra:klpreloc_lp_badinfo.ko | cut -c1-90))"
# the same record against the good module, whose section the loader
# applies: the kernel skipping it is a difference
cp "$T/x86_64/own/klpreloc_lp.ko" "$s/mods/good.ko"
printf '%s\n' "klpreloc_target.ko load" "good.ko load" >"$s/mods/expect.txt"
echo "extra:good.ko 1 ok recorded" >"$x/ks/index.txt"
skiprec klpreloc_lp >"$s/good.log"
KLPRELOC=$K $C x86_64 "$s/good.log" "$s/mods" "$x/ks" "$s/c2" --extra \
	--arch-opt x86_64.randomize_base=off >/dev/null 2>&1
[ "$(cell "$s/c2/cells.tsv" conformance-extra:good.ko)" = fail ] &&
	detail "$s/c2/cells.tsv" conformance-extra:good.ko |
	grep -q 'vmlinux: sh_info names no section: the kernel skipped it, klpreloc applied it'
ok $? "EXTRA: the kernel skipped a section klpreloc applied: red, naming the object"

# --label silent (our silent variants, OWN/silent): the same comparison,
# tags NAME:silent, dumps silent:NAME.ko, cells conformance-silent
sed 's/^\(klpdump: [a-z]* *[0-9]*:klpreloc_lp\):extra /\1:silent /; s/^\(klpdump: [0-9]*:klpreloc_lp\):extra /\1:silent /' \
	"$x/log" >"$x/silent.log"
mkdir -p "$x/ks2"
cp "$x/ks/1.root" "$x/ks2/"
echo "silent:klpreloc_lp.ko 1 ok recorded" >"$x/ks2/index.txt"
KLPRELOC=$K $C x86_64 "$x/silent.log" "$x/mods" "$x/ks2" "$x/c4" --extra \
	--label silent --arch-opt x86_64.randomize_base=off >/dev/null 2>&1
[ "$(cell "$x/c4/cells.tsv" conformance-silent:klpreloc_lp.ko)" = pass ] &&
	[ "$(cell "$x/c4/cells.tsv" conformance-silent)" = pass ] &&
	detail "$x/c4/cells.tsv" conformance-silent | grep -q '^1 SILENT patch(es) compared: ' &&
	! grep -q 'extra' "$x/c4/cells.tsv"
ok $? "--label silent: the record tagged NAME:silent, the cells conformance-silent"
KLPRELOC=$K $C x86_64 "$x/log" "$x/mods" "$x/ks2" "$x/c5" --extra \
	--label silent >/dev/null 2>&1
detail "$x/c5/cells.tsv" conformance-silent:klpreloc_lp.ko |
	grep -q '^no complete record of klpreloc_lp from the guest (did it load? see silent:klpreloc_lp.ko)'
ok $? "--label silent: a record tagged :extra is not the silent set's"

tap_done
