#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Types the 6.12 s390 loader does not handle: TLS, IRELATIVE and the
# newer 12/24-bit DBL types fall to "module %s: unknown relocation: %u";
# COPY, GLOB_DAT, JMP_SLOT and RELATIVE are refused with -ENOEXEC and no
# message. Each must be one error naming the type, exit status 1.
. "$TOPDIR/tests/lib/tap.sh"
. "$TOPDIR/tests/arch/s390/lib.sh"

# type numbers from the s390x ELF ABI (the DBL ones are newer than glibc)
declare -A NUM=([R_390_PC12DBL]=62 [R_390_PLT12DBL]=63 [R_390_PC24DBL]=64
	[R_390_PLT24DBL]=65 [R_390_TLS_LE64]=51 [R_390_TLS_GD64]=41
	[R_390_TLS_IEENT]=49 [R_390_TLS_LDO64]=53 [R_390_IRELATIVE]=61
	[R_390_COPY]=9 [R_390_GLOB_DAT]=10 [R_390_JMP_SLOT]=11
	[R_390_RELATIVE]=12)

for t in R_390_PC12DBL R_390_PLT12DBL R_390_PC24DBL R_390_PLT24DBL \
	 R_390_TLS_LE64 R_390_TLS_GD64 R_390_TLS_IEENT R_390_TLS_LDO64 \
	 R_390_IRELATIVE R_390_COPY R_390_GLOB_DAT R_390_JMP_SLOT \
	 R_390_RELATIVE; do
	name=$(echo "${t#R_390_}" | tr A-Z a-z)
	src=$KLP_TMP/$name.S obj=$KLP_TMP/$name.o
	printf '\t.data\n\t.quad 0\n\t.text\n\t.reloc ., %s, sym\n\t.quad 0\n' \
		"$t" >"$src"
	s390_as "$src" "$obj"
	has_reloc "$obj" "$t" sym
	ok $? "premise: $name.o carries $t"
	n=$(${CROSS}readelf -rW "$obj" | awk -v t="$t" '$3 == t { print $2 }')
	expect_eq "0x${n: -8}" "${NUM[$t]}" "premise: $t is type ${NUM[$t]}"
	expect_exit 1 "$t refused" "$RELOCATE" --arch s390x \
		--base text=$TEXT --base data=$DATA --sym sym=0x1000 "$obj"
	case $t in
	R_390_COPY|R_390_GLOB_DAT|R_390_JMP_SLOT|R_390_RELATIVE)
		! grep -q "kernel:" "$KLP_TMP/err"
		ok $? "$t: the kernel logs nothing" ;;
	*)
		expect_grep "$KLP_TMP/err" \
			"module $name: unknown relocation: ${NUM[$t]}" \
			"$t: the kernel's message" ;;
	esac
	expect_grep "$KLP_TMP/err" "$t" "$t: the diagnostic names the type"
	c=$(grep -c . "$KLP_TMP/err")
	[ "$c" -eq 1 ]
	ok $? "$t: exactly one diagnostic ($c)"
done

tap_done
