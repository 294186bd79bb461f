#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The matrix's /proc/kallsyms route on a recorded guest console
# (tests/ci/logs/x86_64-kallsyms.log.xz: ci/matrix.sh's x86_64 guest, whose
# kernel and own samples are tests/fixtures/x86_64's): ci/kallsyms.py must
# decode the dump the guest printed, ci/hostcheck.sh must run `klpreloc
# check` on it in each form, and ci/parse.py must make a cell of each form
# that agrees with the kernel, and a red one of a form that does not
# (unless ci/expected-disagreements.txt declares it). Host only, no QEMU.
. "$TOPDIR/tests/lib/tap.sh"
L=$TOPDIR/tests/ci/logs
F=$TOPDIR/tests/fixtures/x86_64
P="python3 $TOPDIR/ci/parse.py"
K="python3 $TOPDIR/ci/kallsyms.py"
log=$KLP_TMP/console.log
xz -dc "$L/x86_64-kallsyms.log.xz" >"$log"

cell() {	# cell RESULTS CHECK: print the status of CHECK
	awk -F'\t' -v c="$2" '$1 == c { print $2 }' "$1"
}
# report RESULTS NAME [CI_DIR]: ci/report.py on one x86_64 row; sets rc, REP
report() {
	REP=$KLP_TMP/rep.$2
	mkdir -p "$REP/x86_64"
	cp "$1" "$REP/x86_64/results.tsv"
	rc=0
	python3 "${3:-$TOPDIR/ci}/report.py" "$REP" x86_64 >"$REP/term" 2>&1 || rc=$?
}
# the run's samples (the fixtures: the same files, byte for byte) and a
# stand-in for the kernel tree: its System.map, and its .config as far as
# ci/lib.sh arch_opts reads it
own=$KLP_TMP/own tree=$KLP_TMP/tree
mkdir -p "$own" "$tree"
tar -xJf "$F/fixtures.tar.xz" -C "$own"
cp "$F/expect.txt" "$F/check.txt" "$own/"
cp "$own/System.map" "$tree/"
echo '# CONFIG_RANDOMIZE_BASE is not set' >"$tree/.config"

# premises: what the recording holds
[ "$(grep -c '^KLPCI-KALLSYMS-BEGIN ' "$log")" -eq 1 ] &&
	grep -q '^KLPCI-END' "$log"
ok $? "premise: one kallsyms dump and the end marker"
awk '/^KLPCI: own:klpreloc_target.ko pass/ { t = NR }
     /^KLPCI-KALLSYMS-BEGIN klpreloc_lp.ko / { d = NR }
     /^KLPCI: own:klpreloc_lp.ko / { p = NR }
     END { exit !(t && t < d && d < p) }' "$log"
ok $? "premise: dumped after the target module loaded, before the first patch"
hdr=$(grep '^KLPCI-KALLSYMS-BEGIN ' "$log" | tr -d '\r')
read -r _ ko nlines md5 umd5 mods <<<"$hdr"

# decoding
$K "$log" "$KLP_TMP/ks" >"$KLP_TMP/ks.out" 2>&1
ok $? "kallsyms.py decodes the recording"
grep -qx "klpreloc_lp.ko 1 ok $nlines symbols, modules loaded: klpreloc_target; unprivileged view = addresses 0" \
	"$KLP_TMP/ks/index.txt"
ok $? "index.txt: one good dump, before klpreloc_lp.ko ($(head -c 200 "$KLP_TMP/ks/index.txt"))"
[ "$(wc -l <"$KLP_TMP/ks/1.root")" -eq "$nlines" ] &&
	[ "$(md5sum <"$KLP_TMP/ks/1.root" | cut -d' ' -f1)" = "$md5" ] &&
	[ "$(md5sum <"$KLP_TMP/ks/1.zero" | cut -d' ' -f1)" = "$umd5" ]
ok $? "the root dump has the guest's line count and md5sum, the zeroed one the unprivileged view's"
grep -P '^ffffffffa[0-9a-f]{7} [tT] klpreloc_target_show\t\[klpreloc_target\]$' "$KLP_TMP/ks/1.root" >/dev/null &&
	! grep -qv '^0000000000000000 ' "$KLP_TMP/ks/1.zero" &&
	diff <(cut -d' ' -f2- "$KLP_TMP/ks/1.root") <(cut -d' ' -f2- "$KLP_TMP/ks/1.zero") >/dev/null
ok $? "root: the target module's symbols at module addresses; zero: every address 0, nothing else changed"
# no KASLR in the matrix kernel: the dump's vmlinux part is System.map's
[ "$(awk '$3 == "saved_command_line" { print $1 }' "$KLP_TMP/ks/1.root")" = \
  "$(awk '$3 == "saved_command_line" { print $1 }' "$tree/System.map")" ]
ok $? "premise: vmlinux addresses in the dump are System.map's (RANDOMIZE_BASE off)"

# the host checks, in all six forms, on the recording with the real tool
hc=$KLP_TMP/hc
"$TOPDIR/ci/hostcheck.sh" x86_64 "$tree" "$own" "$hc" >"$KLP_TMP/hc.out" 2>&1 &&
	"$TOPDIR/ci/hostcheck.sh" x86_64 "$tree" "$own" "$hc" "$KLP_TMP/ks" >>"$KLP_TMP/hc.out" 2>&1
ok $? "hostcheck.sh runs on System.map and on the dump"
# the patches: every module expect.txt lists but the target
np=$(grep -vc '^klpreloc_target\.ko ' "$own/expect.txt")
for f in map kallsyms kallsyms-nomod kallsyms-zero kallsyms-zero-nomod; do
	[ "$(grep -c ' n/a$' "$hc/$f.txt")" -eq 1 ] &&
		[ "$(grep -cE ' (load|refuse)$' "$hc/$f.txt")" -eq "$np" ]
	ok $? "hostcheck.sh $f: a verdict for each of the $np patches"
done
head -n1 "$hc/kallsyms-zero/klpreloc_lp.ko.out" |
	grep -q -- '--target .*/ks/1.zero --target-module klpreloc_target=.* --arch-opt x86_64.randomize_base=off ' &&
	! head -n1 "$hc/kallsyms-nomod/klpreloc_lp.ko.out" | grep -q -- '--target-module'
ok $? "hostcheck.sh: the forms' arguments, with the arch's --arch-opt from .config"
$P x86_64 "$log" "$own" "$hc" >"$KLP_TMP/res"
ok $? "parse.py runs"
n=$(grep -c '^hostcheck-[a-z-]*:' "$KLP_TMP/res")
[ "$n" -eq $((6 * np)) ]
ok $? "$((6 * np)) host check cells: 6 forms x $np patches (got $n)"
# the recording keeps no vmlinux (12 MB): that form says so, in red
[ "$(grep -cP '^hostcheck-vmlinux:\S+\tfail\tno vmlinux in the kernel tree' "$KLP_TMP/res")" -eq "$np" ]
ok $? "the vmlinux form, without a vmlinux in the tree: $np red cells saying so"
# (or disagrees as ci/expected-disagreements.txt declares: xfail)
bad=$(grep -P '^hostcheck-(?!vmlinux:)[a-z-]*:\S+\t(?!pass|xfail)' "$KLP_TMP/res" | cut -c1-300)
[ -z "$bad" ]
ok $? "every other form agrees with the kernel, verdict and message${bad:+: $bad}"
# for the report tests below, the vmlinux form as if the tree had one:
# System.map's verdicts (the matrix checks each against the kernel)
cp "$hc/map.txt" "$hc/vmlinux.txt" && rm -rf "$hc/vmlinux" &&
	cp -r "$hc/map" "$hc/vmlinux"
[ "$(cell "$KLP_TMP/res" kallsyms)" = pass ] &&
	[ "$(cell "$KLP_TMP/res" hostcheck-arch-opts)" = pass ] &&
	[ "$(cell "$KLP_TMP/res" no-splat)" = pass ] &&
	[ "$(cell "$KLP_TMP/res" completed)" = pass ]
ok $? "kallsyms, hostcheck-arch-opts, no-splat and completed pass"
grep -P "^hostcheck-kallsyms-zero:klpreloc_lp_sympos.ko\tpass\tklpreloc check: refuse \(kernel: livepatch: symbol position 2 for symbol 'saved_command_line' in object 'vmlinux' not found\); agrees" \
	"$KLP_TMP/res" >/dev/null
ok $? "a refusal's cell quotes the kernel message klpreloc predicted"

# the --arch-opt settings follow the .config; a knob klpreloc does not
# take fails the row (the checks run without it)
(. "$TOPDIR/ci/lib.sh"
 c=$KLP_TMP/cfg; mkdir -p "$c"
 echo CONFIG_RANDOMIZE_BASE=y >"$c/.config"
 [ "$(arch_opts x86_64 "$c")" = "x86_64.randomize_base=on CONFIG_RANDOMIZE_BASE=y" ] || exit 1
 echo '# CONFIG_EXPOLINE is not set' >"$c/.config"
 [ "$(arch_opts s390x "$c")" = "s390x.expoline=off CONFIG_EXPOLINE unset" ] || exit 1
 printf 'CONFIG_EXPOLINE=y\nCONFIG_EXPOLINE_FULL=y\n' >"$c/.config"
 [ "$(arch_opts s390x "$c")" = "s390x.expoline=on CONFIG_EXPOLINE_FULL=y" ] || exit 1
 printf 'CONFIG_EXPOLINE=y\nCONFIG_EXPOLINE_OFF=y\n' >"$c/.config"
 [ "$(arch_opts s390x "$c")" = "s390x.expoline=off CONFIG_EXPOLINE_OFF=y" ] || exit 1
 printf 'CONFIG_EXPOLINE=y\nCONFIG_EXPOLINE_AUTO=y\n' >"$c/.config"
 ! arch_opts s390x "$c" 2>/dev/null || exit 1
 [ "$(arch_opts ppc64le "$c")" = "ppc64le.page-size=65536 CONFIG_PPC_4K_PAGES unset" ] || exit 1
 echo CONFIG_PPC_4K_PAGES=y >"$c/.config"
 [ "$(arch_opts ppc64le "$c")" = "ppc64le.page-size=4096 CONFIG_PPC_4K_PAGES=y" ])
ok $? "arch_opts: randomize_base, expoline and page-size from .config; EXPOLINE_AUTO is not guessed"
stub=$KLP_TMP/old-klpreloc
printf '#!/bin/sh\ncase "$*" in *--help*) exit 2 ;; esac\nexec "%s" "$@"\n' \
	"${KLPRELOC:-$TOPDIR/klpreloc}" >"$stub"
chmod +x "$stub"
KLPRELOC=$stub "$TOPDIR/ci/hostcheck.sh" x86_64 "$tree" "$own" "$KLP_TMP/hc-o" >/dev/null 2>&1
grep -P '^hostcheck-arch-opts\tfail\tklpreloc does not take x86_64.randomize_base=off' "$KLP_TMP/hc-o/arch-opts.tsv" >/dev/null &&
	[ "$(grep -c ' refuse$' "$KLP_TMP/hc-o/map.txt")" -eq \
	  "$(grep -c '^[^ ]*\.ko refuse ' "$own/expect.txt")" ]
ok $? "a knob klpreloc does not take fails hostcheck-arch-opts; the checks still run"

# a form that disagrees turns its cell red and fails the run
cp -r "$hc" "$KLP_TMP/hc-v"
sed -i 's/^klpreloc_lp_notfound.ko refuse$/klpreloc_lp_notfound.ko load/' "$KLP_TMP/hc-v/kallsyms-zero.txt"
$P x86_64 "$log" "$own" "$KLP_TMP/hc-v" >"$KLP_TMP/res-v"
grep -P '^hostcheck-kallsyms-zero:klpreloc_lp_notfound.ko\tfail\tdisagrees: klpreloc check: load.*; the kernel: refuse \(livepatch: symbol .klpreloc_no_such_symbol. not found' \
	"$KLP_TMP/res-v" >/dev/null &&
	[ "$(cell "$KLP_TMP/res-v" hostcheck-kallsyms:klpreloc_lp_notfound.ko)" = pass ] &&
	[ "$(cell "$KLP_TMP/res-v" own:klpreloc_lp_notfound.ko)" = pass ]
ok $? "a verdict that disagrees fails that form's cell only"
report "$KLP_TMP/res-v" v
[ "$rc" -ne 0 ] && grep -q '^FAIL x86_64 hostcheck-kallsyms-zero:klpreloc_lp_notfound.ko: disagrees' "$REP/term" &&
	grep -q '| hostcheck-kallsyms-zero:klpreloc_lp_notfound.ko | FAIL |' "$REP/report.md"
ok $? "the report exits non-zero and names the cell (rc $rc)"
cp -r "$hc" "$KLP_TMP/hc-m"
sed -i 's/symbol position 2 for/symbol position 3 for/' "$KLP_TMP/hc-m/kallsyms-nomod/klpreloc_lp_sympos.ko.out"
$P x86_64 "$log" "$own" "$KLP_TMP/hc-m" >"$KLP_TMP/res-m"
grep -P '^hostcheck-kallsyms-nomod:klpreloc_lp_sympos.ko\tfail\tdisagrees: .*position 3.*another message: livepatch: symbol position 2' \
	"$KLP_TMP/res-m" >/dev/null
ok $? "the same verdict with another kernel message fails"
cp -r "$hc" "$KLP_TMP/hc-e"
sed -i 's/^klpreloc_lp.ko load$/klpreloc_lp.ko error-2/' "$KLP_TMP/hc-e/kallsyms.txt"
$P x86_64 "$log" "$own" "$KLP_TMP/hc-e" >"$KLP_TMP/res-e"
[ "$(cell "$KLP_TMP/res-e" hostcheck-kallsyms:klpreloc_lp.ko)" = fail ]
ok $? "klpreloc failing to run (exit 2) fails the cell"

# declared disagreements: xfail, not a failure; a stale one fails
ci=$KLP_TMP/ci
mkdir -p "$ci"
cp "$TOPDIR"/ci/{parse.py,kallsyms.py,report.py,expected-skips.txt} "$ci/"
{
	echo 'x86_64 hostcheck-kallsyms-zero:klpreloc_lp_notf* made up for the test'
	cat "$TOPDIR/ci/expected-disagreements.txt"
} >"$ci/expected-disagreements.txt"
python3 "$ci/parse.py" x86_64 "$log" "$own" "$KLP_TMP/hc-v" >"$KLP_TMP/res-x"
grep -P '^hostcheck-kallsyms-zero:klpreloc_lp_notfound.ko\txfail\tdeclared: made up for the test \(klpreloc check: load' \
	"$KLP_TMP/res-x" >/dev/null
ok $? "a declared disagreement is xfail with its reason"
report "$KLP_TMP/res-x" x "$ci"
# (with the real file's declared cells: one xfail each, in junit too)
nx=$(grep -cP '\txfail\t' "$KLP_TMP/res-x")
[ "$rc" -eq 0 ] && grep -q 'xfail x86_64 hostcheck-kallsyms-zero:klpreloc_lp_notfound.ko' "$REP/term" &&
	grep -q '| hostcheck-kallsyms-zero:klpreloc_lp_notfound.ko | xfail\* |' "$REP/report.md" &&
	grep -A$((nx + 1)) '^## Declared disagreements' "$REP/report.md" | grep -q 'made up for the test' &&
	grep -q "skipped=\"$nx\"" "$REP/junit.xml"
ok $? "the report lists it, shows xfail*, and exits 0 (rc $rc)"
python3 "$ci/parse.py" x86_64 "$log" "$own" "$hc" >"$KLP_TMP/res-s"
grep -P '^hostcheck-kallsyms-zero:klpreloc_lp_notfound.ko\tfail\tdeclared in ci/expected-disagreements.txt but agrees now' \
	"$KLP_TMP/res-s" >/dev/null
ok $? "a declared disagreement that agrees fails until its line goes"

# a damaged dump: the kallsyms cell fails, the forms have no dump, the
# rest of the row is unaffected
b=$(grep -n '^KLPCI-KALLSYMS-BEGIN' "$log" | cut -d: -f1)
sed "$((b + 1000))s/^\(.\{10\}\)./\1#/" "$log" >"$KLP_TMP/dmg.log"
sed -n "$((b + 1000))p" "$KLP_TMP/dmg.log" | grep -q '#'
ok $? "premise: one character of the dump damaged"
$K "$KLP_TMP/dmg.log" "$KLP_TMP/ks-d"
grep -q '^klpreloc_lp.ko 1 bad .*not base64' "$KLP_TMP/ks-d/index.txt" && [ ! -e "$KLP_TMP/ks-d/1.root" ]
ok $? "kallsyms.py: a damaged dump is bad, and written nowhere"
"$TOPDIR/ci/hostcheck.sh" x86_64 "$tree" "$own" "$KLP_TMP/hc-d" "$KLP_TMP/ks-d" >/dev/null 2>&1
$P x86_64 "$KLP_TMP/dmg.log" "$own" "$KLP_TMP/hc-d" >"$KLP_TMP/res-d"
grep -P '^kallsyms\tfail\t.*not base64' "$KLP_TMP/res-d" >/dev/null &&
	grep -P '^hostcheck-kallsyms:klpreloc_lp.ko\tfail\tno /proc/kallsyms dump from the guest' "$KLP_TMP/res-d" >/dev/null &&
	[ "$(cell "$KLP_TMP/res-d" completed)" = pass ]
ok $? "parse.py: kallsyms fails, the kallsyms forms fail for want of a dump"
# a bit flip that stays base64: gzip's check (or the md5sum) catches it
c=$(sed -n "$((b + 1000))p" "$log" | cut -c11)
r=A; [ "$c" = A ] && r=B
sed "$((b + 1000))s/^\(.\{10\}\)./\1$r/" "$log" >"$KLP_TMP/flip.log"
$K "$KLP_TMP/flip.log" "$KLP_TMP/ks-f"
grep -qE '^klpreloc_lp.ko 1 bad .*(does not decode|md5sum differs)' "$KLP_TMP/ks-f/index.txt"
ok $? "kallsyms.py: a changed base64 character is caught ($(cut -c1-120 "$KLP_TMP/ks-f/index.txt"))"
# base64 may spell "Oops": not a splat; a kernel line inside the dump is
sed "$((b + 2))s/^..../Oops/" "$log" >"$KLP_TMP/oops.log"
$P x86_64 "$KLP_TMP/oops.log" "$own" "$hc" >"$KLP_TMP/res-o"
[ "$(cell "$KLP_TMP/res-o" no-splat)" = pass ] && [ "$(cell "$KLP_TMP/res-o" kallsyms)" = fail ]
ok $? "a base64 line that reads Oops is no splat (the dump is bad)"
sed "$((b + 2))a Oops: 0000 [#1] SMP" "$log" >"$KLP_TMP/oops2.log"
$P x86_64 "$KLP_TMP/oops2.log" "$own" "$hc" >"$KLP_TMP/res-o2"
grep -P '^no-splat\tfail\tOops: 0000' "$KLP_TMP/res-o2" >/dev/null &&
	grep -P "^kallsyms\tfail\t.*not base64 inside the dump: 'Oops: 0000" "$KLP_TMP/res-o2" >/dev/null
ok $? "a kernel line inside the dump is a splat, and the dump is bad"
# the guest died in the dump: no end marker; the console tail is not base64
head -n "$((b + 500))" "$log" >"$KLP_TMP/cut.log"
echo "Kernel panic - not syncing: made up" >>"$KLP_TMP/cut.log"
$P x86_64 "$KLP_TMP/cut.log" "$own" "$KLP_TMP/hc-none" >"$KLP_TMP/res-c"
grep -P '^kallsyms\tfail\t.*no end marker' "$KLP_TMP/res-c" >/dev/null &&
	grep -P '^completed\tfail\t.*console tail: .*KLPCI-KALLSYMS-BEGIN.* / Kernel panic - not syncing: made up$' "$KLP_TMP/res-c" >/dev/null &&
	grep -P '^no-splat\tfail\tKernel panic' "$KLP_TMP/res-c" >/dev/null
ok $? "a guest that died in the dump: kallsyms, completed and no-splat fail, the tail skips the base64"

tap_done
