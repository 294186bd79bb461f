#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# convert on every arch, every relocation family, both byte orders: a patch
# compiled with each arch's cross compiler and kernel code model
# (fam.c, fam-ARCH.S) references statics of the fixtures' vmlinux and of
# klpreloc_target.ko in every way compilers emit. Oracles:
# - GNU readelf: every relocation of the input is in the output with the
#   same section, offset, type and addend, against the klp symbol, in a
#   klp section of the symbol's object when the section is allocated; the
#   others untouched; the symbol table keeps every index;
# - mkklp, the project's converter, given the same choices by hand: the
#   same relocations, and `klpreloc apply` writes the same bytes;
# - check accepts the result; inspect finds no broken rule.
. "$(dirname "$0")/lib.sh"

# the families each arch must carry in klp sections after conversion
declare -A FAM
FAM[x86_64]="R_X86_64_PLT32 R_X86_64_PC32 R_X86_64_64 R_X86_64_32S R_X86_64_PC64"
FAM[arm64]="R_AARCH64_CALL26 R_AARCH64_JUMP26 R_AARCH64_ADR_PREL_PG_HI21
R_AARCH64_ADD_ABS_LO12_NC R_AARCH64_LDST8_ABS_LO12_NC
R_AARCH64_LDST16_ABS_LO12_NC R_AARCH64_LDST32_ABS_LO12_NC
R_AARCH64_LDST64_ABS_LO12_NC R_AARCH64_MOVW_UABS_G0_NC
R_AARCH64_MOVW_UABS_G1_NC R_AARCH64_MOVW_UABS_G2_NC R_AARCH64_MOVW_UABS_G3
R_AARCH64_ABS64 R_AARCH64_PREL64 R_AARCH64_PREL32"
FAM[ppc64le]="R_PPC64_REL24 R_PPC64_ADDR64 R_PPC64_REL64"
FAM[s390x]="R_390_PLT32DBL R_390_GOTENT R_390_GOT20 R_390_GOT12 R_390_PC32DBL
R_390_64 R_390_PC64"
# what the arch's loader resolves itself: never converted
declare -A ARCHSYM
ARCHSYM[ppc64le]=".TOC. _mcount"
ks=(-k vmlinux:version_proc_show -k vmlinux:loadavg_proc_show
	-k vmlinux:pause_on_oops -k vmlinux:saved_command_line
	-k vmlinux:list_del_init,2 -k klpreloc_target:klpreloc_target_count
	-k klpreloc_target:klpreloc_target_reads
	-k klpreloc_target:klpreloc_target_show)

for arch in $ARCHES; do
	u=$T/$arch
	unpack "$arch" "$u"
	tgt=(--target "$u/System.map"
	     --target-module klpreloc_target="$u/klpreloc_target.ko")
	cc_obj "$arch" "$u/fam.ko" "$CD/fam.c" "$CD/fam-$arch.S"
	ok $? "$arch: fam.c and fam-$arch.S built with ${X:-host }gcc"
	[ -f "$u/fam.ko" ] || continue
	# premise: each family is in the input, against an undefined symbol
	missing=
	for t in ${FAM[$arch]}; do
		readelf -rW "$u/fam.ko" | awk -v t="$t" '$3 == t { print $5 }' |
			grep -qE '^(version_proc_show|loadavg_proc_show|pause_on_oops|saved_command_line|list_del_init|klpreloc_target_[a-z]*)$' ||
			missing="$missing $t"
	done
	[ -z "$missing" ]
	ok $? "$arch: premise: every family against an unexported symbol${missing:+ (missing:$missing)}"

	cp "$u/fam.ko" "$u/fam.orig"
	run "$K" convert --json "${tgt[@]}" --sym vmlinux:list_del_init,2 \
		-o "$u/out.ko" "$u/fam.ko"
	cp "$T/out" "$u/report.json"
	[ $rc -eq 0 ] && [ -z "$($VALIDATE "$u/report.json")" ] &&
		js "$u/report.json" "j['verdict'] == 'accept' and j['command'] == 'convert'"
	ok $? "$arch: convert: exit 0, a valid report, verdict accept (exit $rc)"
	[ $rc -eq 0 ] || show "$T/out" "$T/err"
	js "$u/report.json" "sorted((c['object'], c['symbol'], c['sympos']) for c in j['conversions']) == sorted([('vmlinux', 'version_proc_show', 0), ('vmlinux', 'loadavg_proc_show', 0), ('vmlinux', 'pause_on_oops', 0), ('vmlinux', 'saved_command_line', 0), ('vmlinux', 'list_del_init', 2), ('klpreloc_target', 'klpreloc_target_count', 0), ('klpreloc_target', 'klpreloc_target_reads', 0), ('klpreloc_target', 'klpreloc_target_show', 0)])"
	ok $? "$arch: the 8 klp symbols: objects and positions"
	js "$u/report.json" "{'seq_printf': 'exported'}.items() <= {k['name']: k['reason'] for k in j['kept']}.items() and all(c['relocations'] > 0 for c in j['conversions'])"
	ok $? "$arch: seq_printf kept (exported); every klp symbol moved relocations"
	for s in ${ARCHSYM[$arch]:-}; do
		js "$u/report.json" "{'name': '$s', 'reason': 'arch', 'exporter': None} in j['kept']"
		ok $? "$arch: $s left to the module loader"
	done
	cmp -s "$u/fam.ko" "$u/fam.orig"
	ok $? "$arch: the input is untouched"

	# the readelf oracle
	klpmap "$u/report.json" "$u/map"
	relocs "$u/fam.ko" "$u/map" >"$u/want"
	relocs "$u/out.ko" >"$u/got"
	diff "$u/want" "$u/got" >"$u/diff"
	ok $? "$arch: readelf: every relocation kept, the klp ones moved to .klp.rela.OBJ ($(grep -c ' klp:' "$u/got") moved)"
	[ -s "$u/diff" ] && show "$u/diff"
	missing=
	for t in ${FAM[$arch]}; do
		grep -qE " $t \\.klp\\.sym\\.[^ ]* [^ ]* klp:" "$u/got" ||
			missing="$missing $t"
	done
	[ -z "$missing" ]
	ok $? "$arch: every family in a klp section${missing:+ (missing:$missing)}"
	diff <(symtab "$u/fam.ko") <(symtab "$u/out.ko") >/dev/null
	ok $? "$arch: the symbol table keeps every index, value, type and binding"
	[ "$(readelf -sW "$u/out.ko" | awk '$7 == "UND" && $8 ~ /^\.klp\.sym\./' | wc -l)" -eq 0 ] &&
		[ "$(readelf -sW "$u/out.ko" | grep -c 'OS \[0xff20\] \.klp\.sym\.')" -eq 8 ]
	ok $? "$arch: 8 klp symbols, all SHN_LIVEPATCH"
	bad=$(readelf -SW "$u/out.ko" | sed 's/^ *\[ *\([0-9]*\)\]/\1/' |
		awk '$2 ~ /^\.klp\.rela\./ && ($3 != "RELA" || NF != 11 || $8 != "AIo")')
	[ -z "$bad" ]
	ok $? "$arch: klp sections are RELA with SHF_ALLOC|SHF_INFO_LINK|SHF_RELA_LIVEPATCH${bad:+ ($bad)}"

	# mkklp, given the same choices
	"$MKKLP" -q "${ks[@]}" "$u/fam.ko" "$u/mk.ko"
	ok $? "$arch: mkklp converts the same input by hand"
	relocs "$u/mk.ko" | diff - "$u/got" >/dev/null
	ok $? "$arch: convert and mkklp: the same relocations in the same places"
	same_apply "$arch" "$u/out.ko" "$u/mk.ko" "${tgt[@]}"
	ok $? "$arch: apply writes the same bytes for both"
	expect_exit 0 "$arch: check accepts the result" \
		"$K" check -q $(kv "$arch") "${tgt[@]}" "$u/out.ko"
	expect_exit 0 "$arch: inspect finds no broken rule" "$K" inspect "$u/out.ko"

	# the same bytes again; converting the result changes nothing
	"$K" convert -q "${tgt[@]}" --sym vmlinux:list_del_init,2 \
		-o "$u/again.ko" "$u/fam.ko" >/dev/null
	cmp -s "$u/out.ko" "$u/again.ko"
	ok $? "$arch: a second run writes the same bytes"
	"$K" convert -q "${tgt[@]}" -o "$u/twice.ko" "$u/out.ko" >/dev/null
	cmp -s "$u/out.ko" "$u/twice.ko"
	ok $? "$arch: converting the result again changes nothing"
done

# ppc64le: the nop after each klp call becomes the TOC restore
u=$T/ppc64le
if [ -f "$u/out.ko" ]; then
	rm -rf "$u/ap"
	"$K" apply -q --target "$u/System.map" \
		--target-module klpreloc_target="$u/klpreloc_target.ko" \
		--out "$u/ap" "$u/out.ko" >/dev/null
	n=0 bad=0
	while read -r off; do
		w=$(od -An -tx4 -j $((0x$off + 4)) -N4 --endian=little \
			"$u/ap/sections/.text.bin" | tr -d ' ')
		n=$((n + 1))
		[ "$w" = e8410018 ] || bad=$((bad + 1))
	done < <(readelf -rW "$u/out.ko" | awk '/^Relocation section .*\.klp\.rela\.[^.]*\.text/ { t = 1; next }
		/^Relocation section/ { t = 0 } t && $3 == "R_PPC64_REL24" { print $1 }')
	[ "$n" -ge 4 ] && [ "$bad" -eq 0 ]
	ok $? "ppc64le: after each of the $n klp calls the nop is ld r2,24(r1) ($bad not)"
fi

tap_done
