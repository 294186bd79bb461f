#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# --json: one object in the one schema (Documentation/klpreloc-json.schema.json)
# for inspect, check and apply, whatever the outcome - accepted, refused,
# an unreadable or malformed module, unreadable symbols - with the verdict
# matching the exit status, and for "error" one line on stderr too.
. "$(dirname "$0")/lib.sh"
K=$KLPRELOC
G=$KLP_TOOLS/genklp
cd "$T" || exit 1
printf 'ffffffff81000000 T _stext\nffffffff81100100 T bar\n' > sys.map
$G -a x86_64 -o good.ko -r '.klp.sym.vmlinux.bar,0' || exit 1
$G -a x86_64 -o refused.ko -r '.klp.sym.vmlinux.nosuch,0' || exit 1
# a klp-named section without SHF_RELA_LIVEPATCH: inspect flags it
$G -a x86_64 -o lint.ko -s .klp.rela.vmlinux.text:flags=0x2 \
	-r '.klp.sym.vmlinux.bar,0' || exit 1
# a module object, with and without its .ko
$G -a s390x -o obj.ko -r '.klp.sym.vmlinux.bar,0' \
	-s .klp.rela.tmod.text -r '.klp.sym.tmod.foo,0' || exit 1
$G -a s390x -o tmod.ko -n tmod -d foo || exit 1
printf 'garbage, not an ELF file\n' > malformed.ko

# js EXPR: evaluate a python expression over the JSON in $T/out as j
js() {
	python3 -c 'import json, sys; j = json.load(open(sys.argv[1])); sys.exit(0 if eval(sys.argv[2]) else 1)' \
		"$T/out" "$1"
}

# one WANT-EXIT VERDICT DESC CMD...: exit status, one valid object whose
# verdict matches; for an error also exactly one line on stderr
one() {
	local want=$1 verdict=$2 desc=$3 err
	shift 3
	run "$@"
	err=$($VALIDATE "$T/out")
	[ $rc -eq "$want" ] && [ -z "$err" ] && js "j['verdict'] == '$verdict'"
	ok $? "$desc: exit $want, verdict $verdict, valid (exit $rc${err:+; $err})"
	[ $rc -eq "$want" ] && [ -z "$err" ] || show "$T/out" "$T/err"
	if [ "$verdict" = error ]; then
		[ "$(wc -l < "$T/err")" -eq 1 ] && grep -q ': error: ' "$T/err"
		ok $? "$desc: one error line on stderr"
		[ "$(wc -l < "$T/err")" -eq 1 ] || show "$T/err"
	fi
}

for c in inspect check apply; do
	case $c in
	inspect) args=() ;;
	check) args=(--target sys.map) ;;
	apply) args=(--target sys.map --out "out-$c") ;;
	esac
	one 0 accept "$c good" "$K" $c --json "${args[@]}" good.ko
	js "j['command'] == '$c' and j['file'] == 'good.ko' and j['arch'] == 'x86_64' and j['kernel'] == '6.12' and j['module'] == 'klp_test' and j['livepatch'] is True"
	ok $? "$c: command, file, arch, kernel, module, livepatch"
	js "[o['name'] for o in j['objects']] == ['vmlinux'] and j['objects'][0]['relocations'] == 1 and j['objects'][0]['sections'][0]['types'] == {'R_X86_64_64': 1}"
	ok $? "$c: objects with their sections and types"
	one 2 error "$c unreadable" "$K" $c --json "${args[@]}" nosuch.ko
	js "j['diagnostics'][0]['rule'] == 'unreadable' and j['diagnostics'][0]['file'] == 'nosuch.ko' and j['arch'] is None and j['objects'] == []"
	ok $? "$c unreadable: the diagnostic names the file"
	one 2 error "$c malformed" "$K" $c --json "${args[@]}" malformed.ko
	[ $c = inspect ] && continue
	one 2 error "$c unreadable symbols" "$K" $c --json --target nosuch.map \
		"${args[@]:2}" good.ko
	js "j['diagnostics'][-1]['file'] == 'nosuch.map' and j['arch'] == 'x86_64'"
	ok $? "$c unreadable symbols: named, the module's arch still known"
	one 1 refuse "$c refused" "$K" $c --json "${args[@]}" refused.ko
	js "any(d['rule'] == 'sym-not-found' and d['severity'] == 'error' and d['rela'] == 0 and d['section'] == '.klp.rela.vmlinux.text' and 'not found' in d['kernel_message'] for d in j['diagnostics'])"
	ok $? "$c refused: the diagnostic with the kernel's message"
done

one 1 refuse "inspect lint" "$K" inspect --json lint.ko
js "[d['rule'] for d in j['diagnostics']][0] == 'rela-flags'"
ok $? "inspect: format problems are 'diagnostics'"
one 0 accept "inspect symbols" "$K" inspect --json good.ko
js "j['symbols'] == [{'index': 2, 'name': '.klp.sym.vmlinux.bar,0', 'livepatch': True, 'valid': True, 'object': 'vmlinux', 'symbol': 'bar', 'sympos': 0}]"
ok $? "inspect: the klp symbols decoded"

# apply: "out" is the directory written, or null
one 0 accept "apply out" "$K" apply --json --target sys.map --out dir/ good.ko
js "j['out'] == 'dir'" && [ -f dir/layout.txt ] && [ ! -s "$T/err" ]
ok $? "apply --json: out names DIR, DIR written, stderr empty"
one 1 refuse "apply refused out" "$K" apply --json --target sys.map --out dir2 refused.ko
js "j['out'] is None" && [ ! -e dir2 ]
ok $? "apply --json refused: out null, nothing written"

# check's objects: the load's outcome for each order
one 0 accept "check module object" "$K" check --json --target sys.map \
	--target-module tmod=tmod.ko obj.ko
js "[(o['name'], o['state'], o['first'], o['later']) for o in j['objects']] == [('vmlinux', 'applied', 'none', 'none'), ('tmod', 'applied', 'ok', 'ok')]"
ok $? "check: state, first and later per object"
one 0 accept "check object without symbols" "$K" check --json --target sys.map obj.ko
js "[(o['name'], o['state'], o['first'], o['later']) for o in j['objects']][1] == ('tmod', 'not-given', 'none', 'none')"
ok $? "check: an object without symbols is not-given, none, none"

# a command-line mistake is not an input: no JSON, the message on stderr
run "$K" check --json --out x good.ko
[ $rc -eq 2 ] && [ ! -s "$T/out" ] && [ -s "$T/err" ]
ok $? "a usage error prints no JSON (exit $rc)"

# the schema file is itself the contract the validator reads
$VALIDATE /dev/stdin <<<'{"schema": 1}' >/dev/null
[ $? -eq 1 ]
ok $? "the validator refuses an incomplete report"
run "$K" check --json --target sys.map good.ko
sed 's/"kernel_message"/"kernel"/; s/"diagnostics": \[\]/"diagnostics": [{"severity": "note", "file": null, "section": null, "rela": null, "rule": "x", "message": null, "kernel": null}]/' \
	"$T/out" > renamed.json
! $VALIDATE renamed.json >/dev/null
ok $? "the validator refuses an unknown diagnostic key"

tap_done
