#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# samples/livepatch/build.sh ARCH KDIR OUTDIR
#
# Build klpreloc_target.ko, the livepatches klpreloc_lp.ko (plus copies of
# it under other names, one per broken variant) and klpreloc_cover.ko (every
# relocation family of the arch), and the in-guest reader klpreloc_dump.ko
# against the kernel build tree KDIR, turn the patches' references to
# non-exported symbols into klp relocations with `klpreloc convert` (the
# broken variants with tests/tools/mkklp, which can break them), and
# write into OUTDIR:
#   *.ko          the modules, to be loaded in the order of expect.txt
#   klpreloc_dump.ko  not in expect.txt: load it before the others to
#                 read back what the kernel wrote (/proc/klpreloc_dump,
#                 Documentation/conformance.md)
#   conformance.sh  the guest side of the byte comparison: the stages,
#                 each with what the kernel wrote (run it from OUTDIR)
#   expect.txt    "NAME.ko load" or "NAME.ko refuse TEXT": what the 6.12
#                 kernel does; TEXT is what it logs, after the "livepatch: "
#                 or "MODULE: " prefix
#   check.txt     the verdicts of a kernel that has livepatch on ARCH: the
#                 same as expect.txt except on arm64, whose 6.12 refuses
#                 every livepatch module (`klpreloc check --kernel 6.17`)
#   observe.txt   "NAME.ko FILE TEXT": FILE contains TEXT once NAME.ko is in
#   silent/*.ko   variants the kernel loads without a word although their
#                 klp relocations are never applied correctly: loaded in
#                 the guest only to read back what the kernel wrote (their
#                 patched functions must never run);
#                 silent/silent.txt: "NAME.ko SECTION", the broken section;
#                 silent/expect.txt: as expect.txt (arm64 refuses noflag)
#   pre/klpreloc_lp.ko, pre/klpreloc_cover.ko  the patches as Kbuild
#                 made them, before mkklp
#   families.txt  "NAME.ko KLPSECTION TYPE COUNT": the klp relocations of
#                 the good patches, from GNU readelf
#   System.map    the kernel's
# ARCH: x86_64 arm64 ppc64le s390x. CC for mkklp: $HOSTCC or gcc.
set -euo pipefail

[ $# -eq 3 ] || { echo "usage: $0 ARCH KDIR OUTDIR" >&2; exit 2; }
arch=$1 kdir=$(cd "$2" && pwd) out=$3
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
jobs=${JOBS:-2}

case $arch in
x86_64)  karch=x86     cross= ;;
arm64)   karch=arm64   cross=aarch64-linux-gnu- ;;
ppc64le) karch=powerpc cross=powerpc64le-linux-gnu- ;;
s390x)   karch=s390    cross=s390x-linux-gnu- ;;
*) echo "$0: unknown arch '$arch'" >&2; exit 2 ;;
esac

die() { echo "build.sh: $arch: $*" >&2; exit 1; }

[ -f "$kdir/System.map" ] || die "no System.map in $kdir"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out/silent" "$out/pre"
rm -f "$out"/*.ko "$out"/silent/*.ko "$out"/pre/*.ko

# The converter: through the project's Makefile when the tree builds,
# otherwise on its own (it needs nothing but libelf).
klpreloc=$top/build/rel/klpreloc
make -s -C "$top" O=build/rel build/rel/klpreloc >"$work/klpreloc.log" 2>&1 ||
	die "cannot build klpreloc: $(tail -n 5 "$work/klpreloc.log")"
mkklp=$top/build/rel/tests/tools/mkklp
if ! make -s -C "$top" O=build/rel build/rel/tests/tools/mkklp \
	>"$work/mkklp.log" 2>&1; then
	mkklp=$work/mkklp
	"${HOSTCC:-gcc}" -std=gnu11 -O2 -Wall -Wextra -Werror -D_GNU_SOURCE \
		-o "$mkklp" "$top/tests/tools/mkklp.c" -lelf ||
		die "cannot build mkklp"
fi

# Variants of the patch: NAME|MKKLP BREAK OPTIONS (the victim is the first
# -k symbol, saved_command_line). Their verdicts are computed below.
variants=(
	"lp|"
	"lp_pos1|-b sympos=1"
	"lp_badlink|-b link=0"
	"lp_ambiguous|-b ambiguous=@DUP@"
	"lp_notfound|-b missing"
	"lp_sympos|-b sympos=2"
	"lp_notlp|-b notlp"
	"lp_undef|-b undef"
	"lp_malformed|-b malformed"
	"lp_longobj|-b longobj=56"
	"lp_longobj55|-b longobj=55"
	"lp_longsym|-b longsym=512"
	"lp_longsym511|-b longsym=511"
	"lp_modsec|-b modsec=klpreloc_target"
	"lp_plainflag|-b plainflag"
	"lp_noflag|-b noflag"
	"lp_badinfo|-b info -b pad"
	"lp_modinfo|-b info=@MODINFO@"
	"lp_percpu|-q"
	"lp_oldname|-q"
	"lp_oldmod|-q"
	"lp_notrace|-q"
	"lp_dupfunc|-q"
	"lp_dupobj|-q"
)
names=()
for v in "${variants[@]}"; do
	n=klpreloc_${v%%|*}
	names+=("$n")
	[ "$n" = klpreloc_lp ] || cp "$here/klpreloc_lp.c" "$work/$n.c"
done
cp "$here/klpreloc.h" "$here/klpreloc_lp.c" "$here/klpreloc_target.c" \
	"$here/klpreloc_cover.c" "$here/klpreloc_dump.c" "$here/Kbuild" "$work/"

echo "build.sh: $arch: building ${#names[@]} patch modules in $work" >&2
make -C "$kdir" M="$work" ARCH="$karch" CROSS_COMPILE="$cross" \
	KBUILD_MODPOST_WARN=1 KLP_VARIANTS="${names[*]:1}" -j"$jobs" \
	modules >"$work/build.log" 2>&1 ||
	{ tail -30 "$work/build.log" >&2; die "module build failed"; }

# The symbols the patches need and nobody exports. Premise: modpost found
# exactly these undefined, so after conversion nothing is left unresolved
# (and the target and the reader need nothing unexported).
syms=(vmlinux:saved_command_line vmlinux:version_proc_show
	klpreloc_target:klpreloc_target_count
	klpreloc_target:klpreloc_target_reads)
# klpreloc_cover: list_del_init is a static inline that vmlinux has out of
# line more than once; the patch takes the second in kallsyms order
cover_dup=list_del_init
cover_syms=(vmlinux:loadavg_proc_show vmlinux:pause_on_oops
	"vmlinux:$cover_dup,2"
	klpreloc_target:klpreloc_target_add
	klpreloc_target:klpreloc_target_base)
undefined() {	# undefined NAME: what modpost found undefined in NAME.ko
	sed -n "s/.*modpost: \"\\([^\"]*\\)\" \\[.*\\/$1\\.ko\\] undefined!.*/\\1/p" \
		"$work/build.log" | sort -u
}
premise_undef() {	# premise_undef NAME OBJ:SYM[,POS]...
	local n=$1 want got
	shift
	want=$(printf '%s\n' "${@#*:}" | sed 's/,.*//' | sort)
	got=$(undefined "$n")
	[ "$got" = "$want" ] ||
		die "modpost's undefined symbols of $n.ko: '$got', want '$want'"
}
premise_undef klpreloc_lp "${syms[@]}"
premise_undef klpreloc_cover "${cover_syms[@]}"
premise_undef klpreloc_target
premise_undef klpreloc_dump

# Premise of the good variant: each vmlinux symbol is unique in System.map,
# and defined on this arch at all.
map=$kdir/System.map
for s in saved_command_line version_proc_show loadavg_proc_show \
	pause_on_oops; do
	c=$(awk -v s="$s" '$3 == s' "$map" | wc -l)
	[ "$c" -eq 1 ] || die "$s appears $c times in System.map, want 1"
done
c=$(awk -v s="$cover_dup" '$2 ~ /^[tT]$/ && $3 == s' "$map" | wc -l)
[ "$c" -ge 2 ] || die "$cover_dup appears $c times in System.map, want >= 2"
# A name that really is ambiguous: the first plain text symbol that the
# kernel's System.map lists exactly twice.
dup=$(awk '$2 ~ /^[tT]$/ && $3 ~ /^[a-z][a-z0-9_]*$/ { c[$3]++ }
	END { for (n in c) if (c[n] == 2) print n }' "$map" | sort | head -n1)
[ -n "$dup" ] || die "no duplicated symbol name in System.map"

secindex() {	# secindex KO NAME: the index of section NAME in KO
	local i
	i=$(LC_ALL=C readelf -SW "$1" |
		sed -n "s/^ *\[ *\([0-9]*\)\] $2 .*/\1/p" | head -n1)
	[ -n "$i" ] || die "no section $2 in $1"
	echo "$i"
}

kargs=()
for s in "${syms[@]}"; do
	kargs+=(-k "$s")
done
# klpreloc convert for the good patches: exports from Module.symvers, the
# target's statics from its .ko, vmlinux's from System.map
cargs=(--target "$map"
       --target-module klpreloc_target="$work/klpreloc_target.ko")
[ -f "$kdir/Module.symvers" ] && cargs+=(--symvers "$kdir/Module.symvers")
for v in "${variants[@]}"; do
	n=klpreloc_${v%%|*}
	opts=${v#*|}
	opts=${opts//@DUP@/$dup}
	# .modinfo: allocated in the file, not once the loader has read it
	[ "${opts#*@MODINFO@}" = "$opts" ] ||
		opts=${opts//@MODINFO@/$(secindex "$work/$n.ko" .modinfo)}
	dest=$out/$n.ko
	case $n in
	klpreloc_lp_noflag | klpreloc_lp_badinfo | klpreloc_lp_modinfo)
		dest=$out/silent/$n.ko ;;
	esac
	if [ -z "$opts" ]; then
		# the good patch: the product's converter, as an author runs it
		"$klpreloc" convert -q "${cargs[@]}" -o "$dest" "$work/$n.ko" \
			>"$work/$n.convert" 2>&1 ||
			die "convert failed on $n: $(cat "$work/$n.convert")"
		continue
	fi
	# shellcheck disable=SC2086
	"$mkklp" "${kargs[@]}" $opts "$work/$n.ko" "$dest" \
		>"$work/$n.mkklp" || die "mkklp failed on $n"
done
"$klpreloc" convert -q "${cargs[@]}" --sym "vmlinux:$cover_dup,2" \
	-o "$out/klpreloc_cover.ko" "$work/klpreloc_cover.ko" \
	>"$work/klpreloc_cover.convert" 2>&1 ||
	die "convert failed on klpreloc_cover: $(cat "$work/klpreloc_cover.convert")"
cp "$work/klpreloc_target.ko" "$work/klpreloc_dump.ko" "$out/"
cp "$here/conformance.sh" "$out/"
cp "$work/klpreloc_lp.ko" "$work/klpreloc_cover.ko" "$out/pre/"
cp "$map" "$out/System.map"

# x's padding the victim's objname / symbol name to a length, as mkklp does
pad() {	# pad BASE LEN
	local s=${1}_
	while [ ${#s} -lt "$2" ]; do s+=x; done
	echo "${s:0:$2}"
}

# The plain .rela section that first gets SHF_RELA_LIVEPATCH, for
# lp_plainflag: the kernel refuses at the first one in section order.
plain=$(sed -n 's/^mkklp: flagged //p' "$work/klpreloc_lp_plainflag.mkklp" |
	head -n1)
[ -n "$plain" ] || die "plainflag: mkklp flagged no section"
victim_sec() {	# the klp section that holds the victim's relocations
	sed -n 's/^mkklp: \([^:]*\): .*\[victim\]$/\1/p' "$work/$1.mkklp" |
		head -n1
}

# lp_percpu's 9000 bytes of per-cpu data: percpu_modalloc() takes them
# from the reserved chunk, 8 KiB, on an SMP kernel that has one; ppc64
# reserves none (pcpu_embed_first_chunk(0, ...)) and a UP kernel has no
# per-cpu section at all (the data is plain .data)
percpu=load
if grep -qx 'CONFIG_SMP=y' "$kdir/.config" && [ "$arch" != ppc64le ]; then
	percpu="refuse klpreloc_lp_percpu: Could not allocate 9000 bytes percpu data"
fi

v=saved_command_line
lsym=$(pad "$v" 512)
lsym511=$(pad "$v" 511)
undef=".klp.sym.vmlinux.$v,0"
# ppc64's module loader strips a leading dot from undefined names first
[ "$arch" = ppc64le ] && undef=${undef#.}
verdicts=(
	"klpreloc_target|load"
	"klpreloc_lp|load"
	"klpreloc_lp_pos1|load"
	"klpreloc_lp_badlink|load"
	"klpreloc_lp_ambiguous|refuse unresolvable ambiguity for symbol '$dup' in object '(null)'"
	"klpreloc_lp_notfound|refuse symbol 'klpreloc_no_such_symbol' not found in symbol table"
	"klpreloc_lp_sympos|refuse symbol position 2 for symbol '$v' in object 'vmlinux' not found"
	"klpreloc_lp_notlp|refuse symbol .klp.sym.vmlinux.$v,0 is not marked as a livepatch symbol"
	"klpreloc_lp_undef|refuse Unknown symbol $undef (err -2)"
	"klpreloc_lp_malformed|refuse symbol .klp.sym.vmlinux.$v has an incorrectly formatted name"
	"klpreloc_lp_longobj|refuse symbol .klp.sym.$(pad vmlinux 56).$v,0 has an incorrectly formatted name"
	"klpreloc_lp_longobj55|refuse symbol '$v' not found in symbol table"
	"klpreloc_lp_longsym|refuse symbol .klp.sym.vmlinux.$lsym,0 has an incorrectly formatted name"
	"klpreloc_lp_longsym511|refuse symbol '$lsym511' not found in symbol table"
	"klpreloc_lp_modsec|refuse invalid access to vmlinux symbol '$v' from module-specific livepatch relocation section"
	"klpreloc_lp_plainflag|refuse section $plain has an incorrectly formatted name"
	"klpreloc_cover|load"
	"klpreloc_lp_percpu|$percpu"
	"klpreloc_lp_oldname|refuse symbol 'klpreloc_no_such_function' not found in symbol table"
	"klpreloc_lp_oldmod|refuse symbol 'klpreloc_target_no_such_function' not found in symbol table"
	"klpreloc_lp_notrace|refuse failed to find location for function 'klpreloc_target_quiet'"
	"klpreloc_lp_dupfunc|refuse kobject_add_internal failed for cmdline_proc_show,1 with -EEXIST"
	"klpreloc_lp_dupobj|refuse kobject_add_internal failed for klpreloc_target with -EEXIST"
)
: >"$out/expect.txt"
: >"$out/check.txt"
# stock 6.12 arm64 has no CONFIG_LIVEPATCH; with the project's series
# (arch/arm64/linux-6.12) it has
haslp=1
grep -qx 'CONFIG_LIVEPATCH=y' "$kdir/.config" || haslp=0
for l in "${verdicts[@]}"; do
	n=${l%%|*} verdict=${l#*|}
	# built without CONFIG_LIVEPATCH, lp_oldname, lp_oldmod,
	# lp_notrace, lp_dupfunc and lp_dupobj have no klp_patch (and call
	# no klp_enable_patch()): their relocations are klpreloc_lp's
	case $haslp:$n in
	0:klpreloc_lp_oldname | 0:klpreloc_lp_oldmod | 0:klpreloc_lp_notrace)
		verdict=load ;;
	0:klpreloc_lp_dupfunc | 0:klpreloc_lp_dupobj)
		verdict=load ;;
	esac
	echo "$n.ko $verdict" >>"$out/check.txt"
	# without CONFIG_LIVEPATCH, check_modinfo_livepatch() refuses every
	# livepatch module before any relocation
	if [ "$haslp" = 0 ] && [ "$n" != klpreloc_target ]; then
		verdict="refuse module is marked as livepatch module, but livepatch support is disabled"
	fi
	echo "$n.ko $verdict" >>"$out/expect.txt"
done

{
	echo "klpreloc_target.ko /proc/klpreloc_target klpreloc_target: original"
	[ "$haslp" = 0 ] || {
		echo "klpreloc_lp.ko /proc/cmdline klpreloc: live patched, cmdline: "
		echo "klpreloc_lp.ko /proc/klpreloc_target klpreloc_target: patched"
		echo "klpreloc_cover.ko /proc/version klpreloc_cover: static 0 1, data ok, rel ok, sympos ok"
		echo "klpreloc_cover.ko /proc/klpreloc_target_sum klpreloc_target_sum: covered 40 43, data ok, rel ok"
	}
} >"$out/observe.txt"
{
	echo "klpreloc_lp_noflag.ko $(victim_sec klpreloc_lp_noflag)"
	echo "klpreloc_lp_badinfo.ko $(victim_sec klpreloc_lp_badinfo)"
	echo "klpreloc_lp_modinfo.ko $(victim_sec klpreloc_lp_modinfo)"
} >"$out/silent/silent.txt"
# What the kernel does with them, klpreloc_target loaded (the guest loads
# them after the byte conformance, which leaves it in). noflag's victim
# section is applied as a plain RELA with the symbol at 0: arm64 reaches
# saved_command_line with ADRP, whose page offset to 0 does not fit.
# badinfo ends in 64 zero bytes (mkklp -b pad): arm64's
# module_frob_arch_sections() reads the header after the section table
# unchecked, so it reads flags 0 there, not a vmalloc page's slack (which
# once oopsed the guest; klpreloc check: arm64-info-oob)
if [ "$haslp" = 0 ]; then
	sv="refuse module is marked as livepatch module, but livepatch support is disabled"
	noflag=$sv badinfo=$sv
else
	noflag=load badinfo=load
	[ "$arch" != arm64 ] ||
		noflag="refuse overflow in relocation type 275 val 0"
fi
{
	echo "klpreloc_lp_noflag.ko $noflag"
	echo "klpreloc_lp_badinfo.ko $badinfo"
	echo "klpreloc_lp_modinfo.ko $badinfo"
} >"$out/silent/expect.txt"
# The relocation families the good patches carry, per klp section.
rtab() {	# rtab NAME.ko: "NAME.ko SECTION TYPE COUNT"
	LC_ALL=C readelf -rW "$out/$1" | awk -v n="$1" '
		/^Relocation section / { s = $3; gsub(/[^A-Za-z0-9_.,]/, "", s); next }
		s ~ /^\.klp\.rela\./ && $3 ~ /^R_/ { c[s " " $3]++ }
		END { for (k in c) print n, k, c[k] }' | LC_ALL=C sort
}
{
	rtab klpreloc_lp.ko
	rtab klpreloc_cover.ko
} >"$out/families.txt"

echo "build.sh: $arch: $(ls "$out"/*.ko | wc -l) modules in $out" \
	"(ambiguous name: $dup)" >&2
