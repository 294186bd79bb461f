#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ci/hostcheck.sh ARCH TREE OWN_DIR OUT [KALLSYMS_DIR]: run `klpreloc check`
# on the host for each of our own livepatch samples, in each form the
# symbols can come in, and write per FORM OUT/FORM.txt, one line per
# sample in expect.txt order:
#   NAME.ko load|refuse|error-RC|n/a|no-dump
# (exit 0 = the kernel will load it, 1 = it will refuse it; n/a: a plain
# module, nothing to predict; no-dump: the guest printed no kallsyms dump
# before this patch) and OUT/FORM/NAME.ko.out, the command and its output.
# ci/parse.py compares them with what the guest's kernel did.
#
# Without KALLSYMS_DIR (before the boot), two forms:
#   map             --target TREE/System.map --target-module T=T.ko...
#   vmlinux         --target TREE/vmlinux, the same (no-vmlinux when the
#                   tree has none)
# With KALLSYMS_DIR (after the boot: ci/kallsyms.py's dumps and index.txt),
# four, each against the dump the guest took before that patch loaded:
#   kallsyms        the root dump (the target's [mod] lines in it) and
#                   --target-module T=T.ko... as for map
#   kallsyms-nomod  the root dump alone
#   kallsyms-zero   the dump as an unprivileged user reads it (every
#                   address 0), with --target-module as for map
#   kallsyms-zero-nomod  the same, alone
# The guest keeps the plain modules it loaded in, so each is given as
# --target-module to the checks after it, as the guest's kernel has them.
# KLPCI_LABEL=extra: OWN_DIR is EXTRA's (the guest named its dumps
# extra:NAME.ko). Every check gets the arch's --arch-opt settings from TREE/.config
# (lib.sh arch_opts); OUT/arch-opts.tsv is a result row about them.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
[ $# -eq 4 ] || [ $# -eq 5 ] ||
	{ echo "usage: ci/hostcheck.sh ARCH TREE OWN_DIR OUT [KALLSYMS_DIR]" >&2; exit 2; }
arch=$1 tree=$2 own=$3 out=$4 ksyms=${5:-}
klpreloc=${KLPRELOC:-$TOPDIR/klpreloc}	# the tests give theirs
mkdir -p "$out"

# the arch's knobs, as the kernel in TREE was configured; each must be one
# klpreloc takes, or the row fails (and the checks run without that one)
# the kernel version the tree is (lib.sh KVER), then the arch's knobs
opts=(--kernel "$KVER") known=() unknown=()
if lines=$(arch_opts "$arch" "$tree" 2>"$out/arch-opts.err"); then
	while read -r o why; do
		[ -n "$o" ] || continue
		# exit 2: a usage error, i.e. no such knob (anything else is
		# the check's business: a sanitizer build may exit 23)
		rc=0
		"$klpreloc" check --arch-opt "$o" --help >/dev/null 2>&1 || rc=$?
		if [ "$rc" -ne 2 ]; then
			opts+=(--arch-opt "$o")
			known+=("$o ($why)")
		else
			unknown+=("$o ($why)")
		fi
	done <<<"$lines"
	det="passed to every check: ${known[*]:-none for $arch}"
	if [ ${#unknown[@]} -gt 0 ]; then
		printf 'hostcheck-arch-opts\tfail\tklpreloc does not take %s; %s\n' \
			"${unknown[*]}" "$det"
	else
		printf 'hostcheck-arch-opts\tpass\t%s\n' "$det"
	fi
else
	printf 'hostcheck-arch-opts\tfail\t%s\n' "$(tr '\n' ' ' <"$out/arch-opts.err")"
fi >"$out/arch-opts.tsv"
rm -f "$out/arch-opts.err"

# check FORM KO ARGS...: one check, its verdict to OUT/FORM.txt
check() {
	local form=$1 ko=$2 rc=0 o
	shift 2
	o=$out/$form/$ko.out
	echo "+ klpreloc check $* ${opts[*]} $own/$ko" >"$o"
	"$klpreloc" check "$@" ${opts[@]+"${opts[@]}"} "$own/$ko" >>"$o" 2>&1 ||
		rc=$?
	case $rc in
	0) echo "$ko load" ;;
	1) echo "$ko refuse" ;;
	*) echo "$ko error-$rc" ;;
	esac >>"$out/$form.txt"
}

if [ -n "$ksyms" ]; then
	forms=(kallsyms kallsyms-nomod kallsyms-zero kallsyms-zero-nomod)
else
	forms=(map vmlinux)
fi
for f in "${forms[@]}"; do
	rm -rf "${out:?}/$f"
	mkdir -p "$out/$f"
	: >"$out/$f.txt"
done
[ -f "$own/expect.txt" ] || exit 0
targets=()
dump=
while read -r ko _; do
	[ -n "$ko" ] || continue
	if ! strings "$own/$ko" | grep -qx 'livepatch=Y'; then
		for f in "${forms[@]}"; do echo "$ko n/a" >>"$out/$f.txt"; done
		name=$(strings "$own/$ko" | sed -n 's/^name=//p' | head -n1)
		[ -n "$name" ] || name=$(basename "$ko" .ko | tr - _)
		targets+=(--target-module "$name=$own/$ko")
		continue
	fi
	if [ -z "$ksyms" ]; then
		check map "$ko" --target "$tree/System.map" \
			${targets[@]+"${targets[@]}"}
		if [ -f "$tree/vmlinux" ]; then
			check vmlinux "$ko" --target "$tree/vmlinux" \
				${targets[@]+"${targets[@]}"}
		else
			echo "$ko no-vmlinux" >>"$out/vmlinux.txt"
		fi
		continue
	fi
	# the dump the guest took before this patch, if any: it holds
	# until the next one
	n=$(awk -v k="${KLPCI_LABEL:+$KLPCI_LABEL:}$ko" '$1 == k { print $2 }' "$ksyms/index.txt" \
		2>/dev/null | head -n1)
	[ -z "$n" ] || dump=$n
	if [ -z "$dump" ] || [ ! -f "$ksyms/$dump.root" ]; then
		for f in "${forms[@]}"; do echo "$ko no-dump" >>"$out/$f.txt"; done
		continue
	fi
	check kallsyms "$ko" --target "$ksyms/$dump.root" \
		${targets[@]+"${targets[@]}"}
	check kallsyms-nomod "$ko" --target "$ksyms/$dump.root"
	check kallsyms-zero "$ko" --target "$ksyms/$dump.zero" \
		${targets[@]+"${targets[@]}"}
	check kallsyms-zero-nomod "$ko" --target "$ksyms/$dump.zero"
done <"$own/expect.txt"
