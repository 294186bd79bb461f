#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A second thread must change nothing but the time: check and apply say
# the same, byte for byte, with a second thread wherever one can be used
# (KLPRELOC_TEST_THREADS: the symbol file read while the module is; a
# section's lookups made ahead of the kernel's walk in order by two
# threads taking its eighths, here 75 relocations, in turn) as with
# --jobs 1 (the walk alone, which every other test holds to the kernel's
# rules), and so does the default on inputs big enough. The cases put
# each kind of stop at the start, the end and either side of a chunk's
# border, two stops in one section, and symbols used in two chunks.
. "$TOPDIR/tests/lib/tap.sh"
G=$KLP_TOOLS/genklp
T=$KLP_TMP
cd "$T" || exit 1

N=600
{
	echo "ffffffff81000000 T _stext"
	for i in $(seq 0 $((N - 1))); do
		printf 'ffffffff81%06x t sym_%d\n' $((i * 16 + 4096)) "$i"
	done
	echo "ffffffff81f00000 t foo"
	echo "ffffffff81f00100 t foo"
	echo "ffffffff81f00200 T bar"
} >sys.map

# rels ARCH STOP-AT STOP-SYM [STOP-AT2 STOP-SYM2]: genklp -r arguments for
# N relocations to distinct symbols (every tenth used again at the other
# end of the section), STOP-SYM in place of the one at STOP-AT
rels() {
	local i s
	for i in $(seq 0 $((N - 1))); do
		s=".klp.sym.vmlinux.sym_$i,0"
		[ $((i % 10)) -eq 0 ] && s=".klp.sym.vmlinux.sym_$((N - 1 - i)),0"
		[ "$i" = "$1" ] && s=$2
		[ "$i" = "${3:-}" ] && s=$4
		printf -- '-r\n%s\n' "$s"
	done
}

# case ARCH DESC WANT-EXIT PATTERN RELS-ARGS...
case_() {
	local arch=$1 desc=$2 want=$3 pat=$4 r1=0
	shift 4
	mapfile -t args < <(rels "$@")
	rm -f m.ko
	"$G" -a "$arch" -o m.ko -n klp_m "${args[@]}"
	ok $? "$arch: $desc: genklp"
	"$KLPRELOC" check --jobs 1 --target sys.map m.ko >one.out 2>&1 ||
		r1=$?
	[ "$r1" -eq "$want" ]
	ok $? "$arch: $desc: --jobs 1 exits $r1, want $want"
	[ -z "$pat" ] || expect_grep one.out "$pat" "$arch: $desc: says \"$pat\""
	same_jobs "$arch: $desc" check --target sys.map m.ko
	same_jobs "$arch: $desc (json)" check --json --target sys.map m.ko
}

H=$((N / 2))
for a in x86_64 s390x ppc64le; do
	case_ $a "all resolve" 0 "would accept" -1 x
	# the bytes too: every relocation's address, found by either thread
	rm -rf a1 a2
	"$KLPRELOC" apply -q --jobs 1 --target sys.map --out a1 m.ko \
		>/dev/null 2>&1 &&
		KLPRELOC_TEST_THREADS=1 "$KLPRELOC" apply -q --target sys.map \
			--out a2 m.ko >/dev/null 2>&1 && diff -r a1 a2 >/dev/null
	ok $? "$a: all resolve: apply writes the same bytes either way"
	for at in 0 $((H - 1)) $H $((H + 1)) $((N - 1)); do
		case_ $a "not found at $at" 1 "symbol 'nosuch' not found" \
			$at .klp.sym.vmlinux.nosuch,0
	done
	case_ $a "ambiguous at $H" 1 "unresolvable ambiguity for symbol 'foo'" \
		$H .klp.sym.vmlinux.foo,0
	case_ $a "position past the last at $((H + 1))" 1 \
		"symbol position 3 for symbol 'foo'" \
		$((H + 1)) .klp.sym.vmlinux.foo,3
	case_ $a "bad name at $((H - 1))" 1 "incorrectly formatted name" \
		$((H - 1)) .klp.sym.vmlinux.sym_1
	# ppc64's module_frob_arch_sections() sorts each RELA section: the
	# walk meets the two in another order there
	first="symbol 'late' not found"
	[ $a = ppc64le ] && first=
	case_ $a "a stop in each half, the first reported" 1 "$first" \
		$((H + 2)) .klp.sym.vmlinux.early,0 3 .klp.sym.vmlinux.late,0
	count=$(grep -c "error: sym-not-found" one.out)
	[ "$count" -eq 1 ]
	ok $? "$a: one stop reported ($count)"
	case_ $a "a second of foo at the border" 0 "would accept" \
		$H .klp.sym.vmlinux.foo,2
done

# arm64 has livepatch only since 6.17
mapfile -t args < <(rels $H .klp.sym.vmlinux.foo,1)
"$G" -a arm64 -o m.ko -n klp_m "${args[@]}"
same_jobs "arm64 6.17: all resolve" check --kernel 6.17 --target sys.map m.ko
expect_grep "$T/j2.out" "would accept" "arm64 6.17: would accept"

# every address hidden: the lookups are left to the walk
sed 's/^[0-9a-f]*/0000000000000000/' sys.map >hidden.kallsyms
mapfile -t args < <(rels $H .klp.sym.vmlinux.foo,0)
"$G" -a x86_64 -o m.ko -n klp_m "${args[@]}"
same_jobs "hidden addresses, ambiguous at $H" check --target hidden.kallsyms \
	m.ko
expect_grep "$T/j2.out" "unresolvable ambiguity" \
	"hidden addresses: the ambiguity is reported"

# big generated modules: a bench case, and a distro case with module
# objects (dump lines and late sections), check and apply
"$G" -a x86_64 -o bench.ko --bench 20000,40000 --map bench.map
same_jobs "bench 20000/40000" check --json --target bench.map bench.ko
"$G" -a x86_64 -o distro.ko --distro 20000,60000 --map distro.kallsyms
same_jobs "distro 20000/60000" check --json --target distro.kallsyms \
	distro.ko
for j in 1 0; do
	rm -rf "out$j"
	"$KLPRELOC" apply -q --jobs $j --target bench.map --out "out$j" \
		bench.ko >/dev/null 2>&1
	ok $? "apply --jobs $j on the bench case"
done
diff -r out1 out0 >/dev/null
ok $? "apply: the same files and bytes with --jobs 1 and the default"

# the module unreadable while the worker reads the symbols: one error, the
# worker waited for (a sanitizer would say otherwise)
same_jobs "no such module" check --target bench.map no-such.ko
expect_grep "$T/j2.out" "no-such.ko: error: unreadable" "no such module: says so"

for v in x -1 2x ''; do
	"$KLPRELOC" check --jobs "$v" --target sys.map m.ko >bad.out 2>&1
	ok $(( $? == 2 ? 0 : 1 )) "--jobs '$v' is a usage error"
	expect_grep bad.out "bad --jobs '$v'" "--jobs '$v': says so"
done

tap_done
