#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# convert on the fixtures' real modules: klpreloc_lp.ko as Kbuild built it
# against each arch's 6.12 kernel (pre/, before any conversion), with
# that kernel's System.map and klpreloc_target.ko. What convert makes
# must be what the fixtures hold - klpreloc_lp.ko, converted by hand with
# mkklp and loaded by the real kernels in QEMU (Documentation/fixtures.md):
# the same relocations, the same bytes from apply, the same verdicts from
# check (on arm64 6.12 refuses every livepatch, 6.17 accepts).
. "$(dirname "$0")/lib.sh"

for arch in $ARCHES; do
	u=$T/$arch
	unpack "$arch" "$u"
	ok $? "$arch: fixtures unpacked"
	pre=$u/pre/klpreloc_lp.ko
	tgt=(--target "$u/System.map"
	     --target-module klpreloc_target="$u/klpreloc_target.ko")
	sum=$(md5sum <"$pre")

	run "$K" convert --json "${tgt[@]}" -o "$u/lp.ko" "$pre"
	cp "$T/out" "$u/report.json"
	[ $rc -eq 0 ] && [ -z "$($VALIDATE "$u/report.json")" ]
	ok $? "$arch: convert: exit 0, a valid report (exit $rc)"
	[ $rc -eq 0 ] || show "$T/out" "$T/err"
	js "$u/report.json" "sorted((c['name'], c['klp_name'], c['how']) for c in j['conversions']) == [('klpreloc_target_count', '.klp.sym.klpreloc_target.klpreloc_target_count,0', 'auto'), ('klpreloc_target_reads', '.klp.sym.klpreloc_target.klpreloc_target_reads,0', 'auto'), ('saved_command_line', '.klp.sym.vmlinux.saved_command_line,0', 'auto'), ('version_proc_show', '.klp.sym.vmlinux.version_proc_show,0', 'auto')]"
	ok $? "$arch: the four symbols nobody exports, found without a --sym"
	js "$u/report.json" "[o['name'] for o in j['objects']] == ['vmlinux', 'klpreloc_target'] and all(o['state'] == 'applied' for o in j['objects'])"
	ok $? "$arch: its check applied both objects"
	if [ "$arch" = arm64 ]; then
		js "$u/report.json" "any(d['rule'] == 'convert-no-livepatch' and d['severity'] == 'warning' for d in j['diagnostics'])"
		ok $? "$arch: warns that 6.12 has no livepatch on arm64 (checked as 6.17)"
	fi
	[ "$(md5sum <"$pre")" = "$sum" ]
	ok $? "$arch: the input is untouched"

	klpmap "$u/report.json" "$u/map"
	relocs "$pre" "$u/map" | diff - <(relocs "$u/lp.ko") >/dev/null
	ok $? "$arch: readelf: every relocation where it belongs"
	relocs "$u/klpreloc_lp.ko" | diff - <(relocs "$u/lp.ko") >/dev/null
	ok $? "$arch: the same relocations as the fixture (mkklp, loaded in QEMU)"
	same_apply "$arch" "$u/lp.ko" "$u/klpreloc_lp.ko" "${tgt[@]}"
	ok $? "$arch: apply writes the same bytes as for the fixture"
	want=$(awk '$1 == "klpreloc_lp.ko" { $1 = ""; print substr($0, 2) }' \
		"$TOPDIR/tests/fixtures/$arch/expect.txt")
	run "$K" check "${tgt[@]}" "$u/lp.ko"
	if [ "$want" = load ]; then
		[ $rc -eq 0 ]
	else
		[ $rc -eq 1 ] && grep -qF "${want#refuse }" "$T/out"
	fi
	ok $? "$arch: check at 6.12 gives the real kernel's verdict: $want"
	expect_exit 0 "$arch: check accepts it where the arch has livepatch" \
		"$K" check $(kv "$arch") "${tgt[@]}" "$u/lp.ko"
	expect_exit 0 "$arch: inspect finds no broken rule" "$K" inspect "$u/lp.ko"

	"$K" convert -q "${tgt[@]}" -o "$u/again.ko" "$pre" >/dev/null
	cmp -s "$u/lp.ko" "$u/again.ko"
	ok $? "$arch: a second run writes the same bytes"
	"$K" convert -q "${tgt[@]}" -o "$u/twice.ko" "$u/lp.ko" >/dev/null
	cmp -s "$u/lp.ko" "$u/twice.ko"
	ok $? "$arch: converting the result again changes nothing"
	"$K" convert -q "${tgt[@]}" -o "$u/fixture.ko" "$u/klpreloc_lp.ko" \
		>/dev/null
	relocs "$u/fixture.ko" | diff - <(relocs "$u/klpreloc_lp.ko") >/dev/null
	ok $? "$arch: the fixture, converted already by mkklp, stays as it is"

	# a root kallsyms dump instead of System.map: the target as loaded
	awk '{ print }' "$u/System.map" >"$u/kallsyms"
	readelf -sW "$u/klpreloc_target.ko" | awk '$1 ~ /^[0-9]+:$/ && NF >= 8 &&
		$(NF - 1) ~ /^[0-9]+$/ && $4 != "SECTION" && $4 != "FILE" &&
		$NF !~ /init/ { printf "%016x t %s\t[klpreloc_target]\n", 4096 * NR, $NF }' \
		>>"$u/kallsyms"
	expect_exit 1 "$arch: with only a dump, a module static needs --sym" \
		"$K" convert --target "$u/kallsyms" -o "$u/d.ko" "$pre"
	expect_grep "$T/out" "module klpreloc_target, loaded in the kallsyms dump, defines it: --sym klpreloc_target_count=klpreloc_target:klpreloc_target_count" \
		"$arch: ... which the refusal spells out"
	[ ! -e "$u/d.ko" ]
	ok $? "$arch: ... and nothing is written"
done

tap_done
