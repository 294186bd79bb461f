#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Each subcommand takes only its own options (another's is exit 2 naming
# the subcommand); --help and --version exit 0 and end with a newline;
# klpreloc --help lists every arch's knobs; every option a --help shows is
# in the manual page and in Documentation/cli.md.
. "$(dirname "$0")/lib.sh"
K=$KLPRELOC
cd "$T" || exit 1
"$KLP_TOOLS/genklp" -a x86_64 -o good.ko -r '.klp.sym.vmlinux.bar,0' || exit 1
# for convert: bar undefined, used by an ordinary relocation
"$KLP_TOOLS/genklp" -a x86_64 -o undef.ko -s .rela.text:flags=0x40 \
	-r bar:shndx=0 || exit 1
printf 'ffffffff81000000 T _stext\nffffffff81100100 T bar\n' > sys.map

# wrong_cmd CMD OPTION ARGS...: OPTION is another subcommand's
wrong_cmd() {
	local cmd=$1 opt=$2
	shift 2
	run "$K" "$cmd" "$@" good.ko
	[ $rc -eq 2 ] && grep -q "^klpreloc $cmd: $opt is not an option of $cmd" "$T/err" &&
		[ ! -s "$T/out" ]
	ok $? "$cmd $opt: exit 2 naming $cmd (exit $rc)"
	[ $rc -eq 2 ] || show "$T/err" "$T/out"
}
wrong_cmd inspect --target --target sys.map
wrong_cmd inspect --target-module --target-module a=b.ko
wrong_cmd inspect --out --out dir
wrong_cmd inspect -q -q
wrong_cmd inspect --quiet --quiet
wrong_cmd inspect --arch-opt --arch-opt s390x.expoline=off
wrong_cmd inspect --kaslr-offset --kaslr-offset 0x1000
wrong_cmd inspect --no-strict-rwx --no-strict-rwx
wrong_cmd inspect --no-kallsyms-all --no-kallsyms-all
wrong_cmd inspect --module-base --module-base 0xffffffffa0000000
wrong_cmd check --out --target sys.map --out dir
[ ! -e dir ]
ok $? "check --out wrote nothing"
wrong_cmd inspect --sym --sym a=vmlinux:b
wrong_cmd check --sym --target sys.map --sym a=vmlinux:b
wrong_cmd apply --symvers --target sys.map --out dir --symvers Module.symvers
wrong_cmd check -o --target sys.map -o out.ko

# each subcommand's own options are taken
expect_exit 0 "inspect --json --kernel 6.12" "$K" inspect --json --kernel 6.12 good.ko
for cmd in check apply; do
	out=()
	[ $cmd = apply ] && out=(--out "o-$cmd")
	expect_exit 0 "$cmd takes every load option" "$K" $cmd -q \
		--target sys.map --kernel 6.12 --arch-opt s390x.expoline=off \
		--arch-opt arm64.erratum-843419=on --kaslr-offset 0 \
		--no-strict-rwx --no-kallsyms-all "${out[@]}" good.ko
done
expect_exit 0 "apply takes --quiet and --json" "$K" apply --quiet --json \
	--target sys.map --out o-q good.ko
expect_exit 0 "convert takes every load option, -o, --sym, --symvers" \
	"$K" convert -q --target sys.map --kernel 6.12 \
	--arch-opt s390x.expoline=off --kaslr-offset 0 --no-strict-rwx \
	--no-kallsyms-all --sym bar=vmlinux:bar --symvers /dev/null \
	-o conv.ko undef.ko
expect_exit 2 "convert without -o" "$K" convert --target sys.map good.ko
expect_grep "$T/err" "klpreloc convert: -o OUT.ko is required" "... named"
expect_exit 2 "a bad --arch-opt is a usage error" \
	"$K" check --target sys.map --arch-opt s390x.nosuch=1 good.ko
expect_grep "$T/err" "klpreloc check: --arch-opt" "... naming check"
expect_exit 2 "an unknown option" "$K" check --nosuch --target sys.map good.ko
expect_grep "$T/err" "klpreloc check: unknown option '--nosuch'" "... named"
expect_exit 2 "a missing value" "$K" apply --target sys.map good.ko --out
expect_grep "$T/err" "klpreloc apply: '--out' needs a value" "... named"
expect_exit 2 "check without --target" "$K" check good.ko
expect_exit 2 "apply without --out" "$K" apply --target sys.map good.ko
expect_exit 2 "two modules" "$K" inspect good.ko good.ko
expect_exit 2 "no command" "$K"
expect_exit 2 "an unknown command" "$K" frob good.ko

# --help and --version: exit 0, on stdout, ending with a newline
ends_nl() {	# FILE: not empty, last byte a newline
	[ -s "$1" ] && [ "$(tail -c1 "$1" | od -An -c | tr -d ' ')" = '\n' ]
}
for args in "--help" "-h" "help" "inspect --help" "check --help" \
	    "apply --help" "convert --help" "--version"; do
	run "$K" $args
	[ $rc -eq 0 ] && ends_nl "$T/out" && [ ! -s "$T/err" ]
	ok $? "klpreloc $args: exit 0, stdout ends with a newline (exit $rc)"
	cp "$T/out" "help-${args// /-}"
done
[ "$(cat "help---version")" = "klpreloc $(cat "$TOPDIR/VERSION")" ]
ok $? "--version prints the VERSION file's version"
for cmd in inspect check apply convert; do
	grep -q "^usage: klpreloc $cmd" "help-$cmd---help" &&
		grep -q "^Exit status: 0 .*, 1 " "help-$cmd---help" &&
		grep -q "3 the output" "help-$cmd---help"
	ok $? "$cmd --help: its own usage and exit statuses"
done

# klpreloc --help: every arch, and each knob with its default
h=help---help
for a in x86_64 s390x arm64 ppc64le; do
	grep -q "^  $a[.:]" $h
	ok $? "--help lists $a's knobs"
done
expect_grep $h "s390x.expoline=on|off (default on)" "--help: s390x.expoline with its default"
expect_grep $h "arm64.erratum-843419=on|off (default on)" "--help: arm64.erratum-843419 with its default"
expect_grep $h "3 the output" "--help: exit status 3"

# every long option a --help shows is documented in the man page and cli.md
cat help-inspect---help help-check---help help-apply---help \
	help-convert---help |
	grep -oE -- '--[a-z][a-z0-9-]+' | sort -u > opts
[ "$(wc -l < opts)" -ge 12 ]
ok $? "the --help texts show $(wc -l < opts) long options"
missing=
while read -r o; do
	grep -qF -- "\\-\\-${o#--}" "$TOPDIR/Documentation/klpreloc.1" ||
		grep -qF -- "\\-\\-$(echo "${o#--}" | sed 's/-/\\-/g')" \
			"$TOPDIR/Documentation/klpreloc.1" || missing="$missing man:$o"
	grep -qF -- "$o" "$TOPDIR/Documentation/cli.md" || missing="$missing cli.md:$o"
done < opts
[ -z "$missing" ]
ok $? "every option is in klpreloc.1 and cli.md${missing:+ (missing:$missing)}"
# ... and every option the parser takes is in a --help
sed -n 's/^[[:space:]]*{ "\([a-z][a-z0-9-]*\)", .*/--\1/p' \
	"$TOPDIR/tools/klpreloc/options.c" | sort -u > parsed
[ "$(wc -l < parsed)" -ge 12 ] && [ -z "$(comm -23 parsed opts)" ]
ok $? "every option cli_parse() takes is in a --help${missing:+}$(comm -23 parsed opts | tr '\n' ' ' | sed 's/^./ (missing: &/; s/ $/)/')"

tap_done
