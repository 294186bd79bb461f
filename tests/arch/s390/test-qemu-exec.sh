#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# PLT and GOT behaviour by execution: exec.S relocated by our loader for
# the module area, then run under qemu-s390x-static inside harness.c,
# whose functions and variable are terabytes away (far beyond PC32DBL's
# +-4 GiB): the calls must go through the PLT entry and the GOT slots.
# Both PLT flavours of 6.12 run: with the expoline thunk (defconfig) and
# with a plain "br %r1" (--arch-opt s390x.expoline=0, a kernel without
# CONFIG_EXPOLINE). The displacements actually executed stay small (QEMU
# 7.2 mis-executes relative-long ones near +-2 GiB).
. "$TOPDIR/tests/lib/tap.sh"
. "$TOPDIR/tests/arch/s390/lib.sh"

obj=$KLP_TMP/exec.o
s390_as "$S390_DIR/exec.S" "$obj"
ok $? "as: exec.S"
relocs "$obj" >"$KLP_TMP/relocs"
for p in "R_390_PLT32DBL far_fn" "R_390_GOTENT far_fn2" \
	 "R_390_GOTENT far_var" "R_390_PC32DBL .data"; do
	grep -q " $p " "$KLP_TMP/relocs"
	ok $? "premise: exec.o carries $p"
done

h=$KLP_TMP/harness
${CROSS}gcc -static -O2 -o "$h" "$S390_DIR/harness.c"
ok $? "harness: s390x-linux-gnu-gcc -static"
far_fn=$(ld_sym "$h" far_fn)
far_fn2=$(ld_sym "$h" far_fn2)
far_var=$(ld_sym "$h" far_var)
[ $((TEXT - far_fn)) -gt $((1 << 32)) ]
ok $? "premise: far_fn ($far_fn) is more than 4 GiB from the module text"

x=10
want=$(( (3 * x + 1) + (3 * 100 + 1) + (x + 7) + 1000 + 5 ))
for expoline in 1 0; do
	name="expoline=$expoline"
	expect_exit 0 "$name: relocate exec.o" \
		"$RELOCATE" --arch s390x --arch-opt s390x.expoline=$expoline --base text=$TEXT --base data=$DATA \
		--sym far_fn=$far_fn --sym far_fn2=$far_fn2 \
		--sym far_var=$far_var --layout \
		--dump-mem text="$KLP_TMP/text.bin" \
		--dump-mem data="$KLP_TMP/data.bin" "$obj"
	# 2 GOT slots (far_fn2, far_var), 1 PLT entry (+ the thunk)
	plt=$((TEXT + 16))
	text=$(( (plt + 22 * (1 + expoline) + 3) & ~3 ))
	expect_grep "$KLP_TMP/out" "sec .text $(hex $text) " \
		"$name: .text after 2 GOT slots and $((1 + expoline)) PLT entries"
	# each brasl goes to the PLT entry (P - A + 2 * I2), not to far_fn
	while read -r sec off type sym add; do
		[ "$type $sym" = "R_390_PLT32DBL far_fn" ] || continue
		f=$(sext "$(be "$KLP_TMP/text.bin" $((text - TEXT + off)) 4)" 32)
		expect_eq "$((text + off - add + 2 * f))" $plt \
			"$name: brasl far_fn@PLT at .text+$off branches to the PLT entry"
	done <"$KLP_TMP/relocs"
	out=$(qemu-s390x-static "$h" $TEXT "$KLP_TMP/text.bin" \
		$DATA "$KLP_TMP/data.bin" $(hex $text) $x 2>&1)
	[ "$out" = "result $want" ]
	ok $? "$name: modfn($x) under qemu-s390x-static = $want"
	[ "$out" = "result $want" ] || echo "#   got: $out"
done

# The same through gcc-compiled module code (-fPIC as for s390 modules):
# its own global fp is reached through a GOT slot too, and holds far_fn2
# by an R_390_64 in .data.rel.
cobj=$KLP_TMP/modc.o
${CROSS}gcc -O2 -fPIC -fno-asynchronous-unwind-tables -fno-stack-protector \
	-ffreestanding -c -o "$cobj" "$S390_DIR/modc.c"
ok $? "gcc -fPIC: modc.c"
relocs "$cobj" >"$KLP_TMP/crelocs"
for p in "R_390_PLT32DBL far_fn" "R_390_GOTENT fp" "R_390_GOTENT far_var" \
	 "R_390_PC32DBL .data" "R_390_64 far_fn2"; do
	grep -q " $p " "$KLP_TMP/crelocs"
	ok $? "premise: modc.o carries $p"
done
expect_exit 0 "modc: relocate" "$RELOCATE" --arch s390x --base text=$TEXT \
	--base data=$DATA --sym far_fn=$far_fn --sym far_fn2=$far_fn2 \
	--sym far_var=$far_var --layout --dump-mem text="$KLP_TMP/ctext.bin" \
	--dump-mem data="$KLP_TMP/cdata.bin" "$cobj"
ctext=$(awk '$1 == "sec" && $2 == ".text" { print $3 }' "$KLP_TMP/out")
entry=$((ctext + 0x$(${CROSS}nm "$cobj" | awk '$3 == "modc" { print $1 }')))
out=$(qemu-s390x-static "$h" $TEXT "$KLP_TMP/ctext.bin" \
	$DATA "$KLP_TMP/cdata.bin" $(hex $entry) $x 2>&1)
[ "$out" = "result $want" ]
ok $? "modc($x) under qemu-s390x-static = $want"
[ "$out" = "result $want" ] || echo "#   got: $out"

tap_done
