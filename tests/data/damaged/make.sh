#!/bin/sh
# Makes the damaged-files corpus that tests/analyse.sh feeds the analyser:
#     REC=path/to/shadowlog-record sh make.sh OUTDIR
# Each file is listed in EXPECTED beside it with the exit status and the
# message it must give.  Logs are damaged with printf, truncate and dd at
# offsets found with grep, so the script does not depend on the header's
# exact size.
set -eu
: "${REC:?set REC to the shadowlog-record program}"
out=${1:?usage: make.sh OUTDIR}
mkdir -p "$out"
cd "$out"
rm -f ./*.slog ./*.csv ./*.txt empty
export TZ=Europe/London LC_ALL=C

# A small good day, and copies of it to damage.
printf '%s\n' '09:00 begin' '09:01 start t by=head person=T1' \
    '09:05 brief p by=other' '09:10 end' '09:12 start r by=other' \
    '09:20 end' '09:30 stop' >day.txt
"$REC" --school Damaged --head HD --observer OD --date 2026-11-16 \
    --input day.txt good.slog
rm day.txt

# offset FILE PATTERN: the offset of the first match of a grep -P pattern.
offset() {
	o=$(grep -obUaP "$2" "$1" | head -1 | cut -d: -f1)
	[ -n "$o" ] || { echo "make.sh: '$2' not found in $1" >&2; exit 1; }
	echo "$o"
}
# poke FILE OFFSET BYTE...: overwrites bytes in place (printf escapes).
poke() {
	printf "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

cp good.slog truncated.slog		# cut inside the header
truncate -s 40 truncated.slog

cp good.slog torn-tail.slog		# 6 bytes of a record, then the end
printf '\203\244type' >>torn-tail.slog

cp good.slog corrupt-middle.slog	# a byte msgpack never uses, mid-file
at=$(offset good.slog '\xa4type\xa5brief')
poke corrupt-middle.slog $((at - 1)) '\301'

cp good.slog seq-gap.slog		# the fourth record's seq becomes 9
at=$(offset good.slog '\xa3seq\x04')
poke seq-gap.slog $((at + 4)) '\011'

cp good.slog wrong-version.slog		# format version 2
at=$(offset good.slog '\xa7version\x01')
poke wrong-version.slog $((at + 8)) '\002'

cp good.slog end-with-none-open.slog	# the 09:12 start becomes a brief
at=$(offset good.slog '\xa5start(?s).{1,16}\xa5group\xa7parents')
poke end-with-none-open.slog $((at + 1)) 'brief'

printf 'hello, world\n' >not-a-log.txt
: >empty
printf '\201\333\377\377\377\377' >hostile-str32.slog	# a 4 GiB key
printf '\201\241x\221\221\221\221\221\221\221\221\221\221\221\221\300' \
    >deep-nesting.slog					# 12 levels deep
printf '\202\244type\005\246format\251shadowlog' >wrong-types.slog

H='school,head,observer,date,kind,start,end,duration_s,'
H=$H'group,by,person,where,mode,with,note'
D='S,H,O,2026-11-16'
printf '%s\n' "$H" "$D,alone,09:00:00,09:05:00,300.000,alone,,,,,," \
    "$D,episode,09:05:00,09:20:00,900.000,teachers,head,T1,,,," \
    "$D,alone,09:20:00,09:30:00,600.000,alone,,,,,," >good.csv
printf '%s\n' "$H" "$D,alone,09:00:00,09:05:00,,alone,,,,,," \
    "$D,episode,09:05:00,09:10:00,,teachers,,,,,," \
    "$D,brief,09:04:00,09:04:00,,pupils,,,,,," >out-of-order.csv
printf '%s\n' "$H" "$D,alone,09:00:00,09:05:00,,alone,,,,,," \
    "$D,episode,09:05:00,09:10:00,,dinosaurs,,,,,," >unknown-group.csv
printf '%s\n' "$H" "$D,alone,09:00:00,09:05:00,,alone,,,,,," \
    "$D,note,09:01:00,09:01:00,,,,,,,,she said \"no\"" >bad-quoting.csv
printf '%s\n' "$H" "$D,alone,09:00:00,09:05:00,,alone,,,,,," \
    "$D,note,09:01:00,09:01:00,,,,,,,,\"never closed" "" >unterminated-quote.csv
printf '%s\n' 'school,head,observer,date,group,episodes' \
    "$D,teachers,3" >wrong-header.csv
printf '%s\n' "$H" "$D,alone,09:00:00,09:05:00" >field-count.csv
printf '%s\n' "$H" "$D,alone,09:00:00,09:05:00,,alone,,,,,," \
    "$D,episode,09:06:00,09:10:00,,teachers,,,,,," >gap.csv
printf '%s\n' "$H" "$D,episode,09:10:00,09:05:00,,teachers,,,,,," \
    >end-before-start.csv
printf '%s\n%s\000%s\n' "$H" "$D,note,09:01:00,09:01:00,,,,,,,,a" 'b' \
    >nul-byte.csv
{ printf '%s\n%s' "$H" "$D,note,09:01:00,09:01:00,,,,,,,,"
  dd if=/dev/zero bs=1024 count=1100 status=none | tr '\0' n
  printf '\n'; } >long-record.csv
