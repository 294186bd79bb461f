# SPDX-License-Identifier: GPL-2.0
# Shared by the s390x oracle tests: cross tools, our loader, byte access.
# Source after tests/lib/tap.sh.
CROSS=s390x-linux-gnu-
S390_DIR=$TOPDIR/tests/arch/s390
RELOCATE=${RELOCATE:-$KLP_TOOLS/relocate}

# Region bases used by every test: in the 6.12 module area (module.c).
TEXT=0x3ff60000000
DATA=0x3ff60100000
KTEXT=0x3ffe0100000	# _text of vmlinux at run time

s390_as() {	# s390_as SRC OBJ
	${CROSS}as -o "$2" "$1"
}

# has_reloc OBJ TYPE [SYM]: the premise - as really emitted TYPE (against SYM)
has_reloc() {
	${CROSS}readelf -rW "$1" | grep -E " $2 +[0-9a-f]+ ${3:-}" >/dev/null
}

# ld_link OBJ OUT TEXTADDR DATAADDR DEFSYM...: GNU ld at fixed addresses
ld_link() {
	local obj=$1 out=$2 t=$3 d=$4
	shift 4
	cat >"$KLP_TMP/link.lds" <<EOS
SECTIONS {
	.text $t : { *(.text) }
	.data $d : { *(.data) }
	/DISCARD/ : { *(.note*) *(.comment) }
}
EOS
	${CROSS}ld -static -e 0 -T "$KLP_TMP/link.lds" "$@" -o "$out" "$obj"
}

# ld_sec ELF SEC FILE: the bytes ld produced for SEC
ld_sec() {
	${CROSS}objcopy -O binary -j "$2" "$1" "$3"
}

# ld_sym ELF NAME: a symbol's address in ld's output, as 0x...
ld_sym() {
	echo "0x$(${CROSS}nm "$1" | awk -v n="$2" '$3 == n { print $1 }')"
}

# be FILE OFF LEN: big-endian unsigned value of LEN bytes at OFF, as 0x...
be() {
	echo "0x$(od -An -v -tx1 -j "$(($2))" -N "$3" "$1" | tr -d ' \n')"
}

# hex VALUE: 64-bit two's complement, as 0x...
hex() {
	printf '0x%x' "$(($1))"
}

# sext VALUE BITS: sign-extend
sext() {
	echo $(( ($1 << (64 - $2)) >> (64 - $2) ))
}

# expect_eq GOT WANT DESC (numeric compare)
expect_eq() {
	[ "$(($1))" -eq "$(($2))" ]
	ok $? "$3"
	[ "$(($1))" -eq "$(($2))" ] ||
		echo "#   got $(hex "$1"), want $(hex "$2")"
}

# relocs OBJ: "SECTION OFFSET TYPE SYMBOL ADDEND" per relocation
relocs() {
	${CROSS}readelf -rW "$1" | awk '
		/^Relocation section/ { sec = $3; gsub(/'"'"'/, "", sec)
					sub(/^\.rela/, "", sec); next }
		$3 ~ /^R_390_/ {
			a = 0
			if ($6 == "+") a = "0x" $7
			else if ($6 == "-") a = "-0x" $7
			print sec, "0x" $1, $3, $5, a
		}'
}

# An image: "BASE FILE" lines in $1; img_read IMAGE ADDR LEN reads from it
img_read() {
	local base file
	while read -r base file; do
		if [ $(($2)) -ge $((base)) ] &&
		   [ $(($2 + $3)) -le $((base + $(stat -c %s "$file"))) ]; then
			be "$file" $(($2 - base)) "$3"
			return 0
		fi
	done <"$1"
	echo "# img_read: 0x$(printf %x $(($2))) not in $1" >&2
	echo 0xdeadbeefdeadbeef
}
