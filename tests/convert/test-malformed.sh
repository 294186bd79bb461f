#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Bad input is normal input for convert too: damaged modules (header,
# section headers, symbols, strings, relocations, groups, annotations),
# damaged target modules, symbol sources and Module.symvers. Every run
# ends with exit 0, 1 or 2 - never a crash, a signal or a sanitizer
# report (make check runs this under ASan and UBSan) - and whenever it
# writes a module, check reads that module and agrees.
. "$(dirname "$0")/lib.sh"
MANGLE="python3 $CD/mangle.py"
# a handful per run keeps make check short; KLP_CONVERT_FUZZ=300 for a long run
N=${KLP_CONVERT_FUZZ:-8}

# a module with groups (s390 expolines) and an annotation, per byte order
mods=()
for arch in x86_64 s390x; do
	u=$T/$arch
	unpack "$arch" "$u" || exit 1
	cross "$arch"
	xf=
	[ "$arch" = s390x ] && xf="-mindirect-branch=thunk -mfunction-return=thunk"
	cat >"$u/ann.c" <<'EOF'
#include <klpreloc/klp-sym.h>
void klp_del(void *e);
KLPRELOC_SYMPOS(klp_del, vmlinux, list_del_init, 2);
extern int pause_on_oops;
extern unsigned long klpreloc_target_reads;
int f(int (*fp)(void), void *e)
{
	klp_del(e);
	return fp() + pause_on_oops + (int)klpreloc_target_reads;
}
static const char mi[] __attribute__((section(".modinfo"), used,
				      aligned(1))) = "livepatch=Y\0name=ann";
EOF
	${X}gcc -O2 $CF $xf -I"$TOPDIR/include" -c -o "$u/ann.o" "$u/ann.c" &&
		${X}ld -r -o "$u/ann.ko" "$u/ann.o"
	ok $? "$arch: a module with an annotation${xf:+ and COMDAT groups}"
	cc_obj "$arch" "$u/fam.ko" "$CD/fam.c" "$CD/fam-$arch.S"
	mods+=("$arch:$u/ann.ko" "$arch:$u/fam.ko")
done

# convert one damaged input; count what is not exit 0..2 or leaves a bad
# module behind
bad=0 runs=0 wrote=0
try() {	# try LABEL ARGS...
	local label=$1 rc=0
	shift
	rm -f "$T/o.ko"
	"$K" convert "$@" -o "$T/o.ko" >"$T/out" 2>&1 || rc=$?
	runs=$((runs + 1))
	if [ $rc -gt 2 ] || grep -qE 'Sanitizer|runtime error' "$T/out"; then
		bad=$((bad + 1))
		echo "# $label: exit $rc"
		sed 's/^/#   /' "$T/out" | head -5
		return
	fi
	if [ $rc -eq 0 ]; then
		wrote=$((wrote + 1))
		if ! "$KLPRELOC" check -q "${tgt[@]}" $(kv "$arch") "$T/o.ko" \
			>"$T/chk" 2>&1; then
			bad=$((bad + 1))
			echo "# $label: written, but check refuses it"
			sed 's/^/#   /' "$T/chk" | head -5
		fi
	elif [ -e "$T/o.ko" ]; then
		bad=$((bad + 1))
		echo "# $label: exit $rc, and o.ko was written"
	fi
}

for m in "${mods[@]}"; do
	arch=${m%%:*} f=${m#*:}
	u=$T/$arch
	tgt=(--target "$u/System.map"
	     --target-module klpreloc_target="$u/klpreloc_target.ko")
	syms=(--sym vmlinux:list_del_init,2)
	n0=$bad
	for seed in $(seq 1 "$N"); do
		$MANGLE "$f" "$T/bad.ko" "$seed" || exit 1
		try "$arch $(basename "$f") seed $seed" "${tgt[@]}" "${syms[@]}" \
			"$T/bad.ko"
		cp "$T/bad.ko" "$T/bad-$seed.ko"
	done
	ok $((bad - n0)) "$arch $(basename "$f"): $N damaged copies: exit 0..2, no crash, anything written is accepted"
	n0=$bad
	for seed in $(seq 1 $((N / 2))); do
		$MANGLE "$u/klpreloc_target.ko" "$T/tbad.ko" "$seed" || exit 1
		try "$arch target seed $seed" --target "$u/System.map" \
			--target-module klpreloc_target="$T/tbad.ko" "${syms[@]}" "$f"
	done
	ok $((bad - n0)) "$arch $(basename "$f"): $((N / 2)) damaged target modules: no crash"
done

# damaged symbol sources and Module.symvers
u=$T/x86_64
arch=x86_64
tgt=(--target "$u/System.map")
f=$u/fam.ko
n0=$bad
for seed in $(seq 1 20); do
	python3 - "$u/System.map" "$T/map" "$seed" <<'EOF'
import random, sys
lines = open(sys.argv[1]).read().split("\n")
r = random.Random(int(sys.argv[3]))
for _ in range(r.randint(1, 5)):
    i = r.randrange(len(lines))
    s = list(lines[i])
    if s and r.random() < 0.7:
        s[r.randrange(len(s))] = chr(r.choice([0, 9, 32, 91, 93, 44, 0x7f, 0xe9, r.randrange(33, 127)]))
    else:
        s = s[:r.randrange(len(s) + 1)]
    lines[i] = "".join(s)
open(sys.argv[2], "w", encoding="latin-1").write("\n".join(lines))
EOF
	try "System.map seed $seed" --target "$T/map" --sym vmlinux:list_del_init,2 "$f"
done
for s in "" "\n\n" "x" "0x1\tfoo" "0x1\tfoo\tvmlinux" "\t\t\t" \
	 "0x1\tfoo\tvmlinux\tEXPORT_SYMBOL\tNS\textra"; do
	printf "$s" >"$T/Module.symvers"
	try "symvers '$s'" "${tgt[@]}" --symvers "$T/Module.symvers" \
		--sym vmlinux:list_del_init,2 "$f"
done
for t in /dev/null "$T" "$T/nosuch" "$u/pre/klpreloc_lp.ko"; do
	try "target $t" --target "$t" "$f"
	try "target module $t" --target "$u/System.map" --target-module x="$t" "$f"
	try "module $t" --target "$u/System.map" "$t"
done
ok $((bad - n0)) "damaged System.map, Module.symvers, sources that are not one: no crash"
ok 0 "$runs runs, $wrote of them wrote a module (check accepted each)"
[ $bad -eq 0 ] || ls "$T"/bad-*.ko >/dev/null 2>&1

tap_done
