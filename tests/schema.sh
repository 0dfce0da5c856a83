#!/bin/sh
# The JSON outputs against their schemas in the man page (OUTPUT COLUMNS,
# JSON schemas), read from the page itself by tests/schema.py: every JSON
# output of shadowlog-analyse on days that make its members appear (the
# sample day, tagged, and a second observer's copy of it; a day coded with
# dimensions and corrected after review; a bare day with no names and
# undefined figures), and a drifted document refused.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
ANA="$top_builddir/analyser/shadowlog-analyse"
MAN="$top_srcdir/analyser/shadowlog-analyse.1"
EX="$DATA/example.scheme"
TZ=Europe/London
export TZ

# schema NAME FILE...: the documents match the man page's schema NAME.
schema() {
	_name=$1; shift
	if "$PYTHON3" "$top_srcdir/tests/schema.py" "$MAN" "$_name" "$@" \
	    >"$TMP/schema.out" 2>&1; then
		ok "$(tail -n 1 "$TMP/schema.out")"
	else
		not_ok "$(cat "$TMP/schema.out")"
	fi
}

# json NAME ARGS...: the analyser's JSON for ARGS in $TMP/NAME.json.
json() {
	_out=$TMP/$1.json; shift
	"$ANA" --format=json "$@" >"$_out" 2>"$TMP/err" ||
	    not_ok "--format=json $*: exit $?: $(cat "$TMP/err")"
}

rec() {
	"$REC" "$@" >/dev/null 2>"$TMP/err" ||
	    not_ok "recording $*: $(cat "$TMP/err")"
}

cd "$TMP" || exit 1
sed 's/start visitors/start parents/' "$DATA/sample-day.txt" >alt.txt
rec --school "Meadowbank Primary" --head HT1 --observer OBS-A \
    --tag phase=primary --date 2026-11-16 --input "$DATA/sample-day.txt" a.slog
rec --school "Meadowbank Primary" --head HT1 --observer OBS-B \
    --tag phase=primary --date 2026-11-16 --input alt.txt b.slog
rec --school "Meadowbank Primary" --head HT1 --observer OBS-A \
    --tag phase=primary --date 2026-11-17 --input alt.txt tue.slog
rec --school "Hill School" --head HT2 --observer OBS-A \
    --tag phase=secondary --date 2026-11-18 --input alt.txt c.slog
rec --school "Hill School" --head HT3 --observer OBS-A \
    --tag phase=secondary --date 2026-11-18 --input "$DATA/sample-day.txt" d.slog
rec --scheme "$EX" --school S --head H --observer O --date 2026-11-19 \
    --input /dev/stdin dims.slog <<'E'
09:00 begin
09:01 alone task=E-mail
09:05 start t purpose=behaviour person=T1 where=office mode=phone
09:10 end
09:11 alone task="desk work"
09:15 brief s purpose=safeguarding
09:20 start s by=head purpose=strategy
09:30 fix 09:05 purpose=staffing
09:40 stop
E
# No school, head or observer; an episode each side of a re-opening.
printf '09:00 begin\n09:05 start t\n09:10 end\n' |
    rec --date 2026-11-20 --input /dev/stdin bare.slog
printf '09:20 start p\n09:30 stop\n' |
    rec --date 2026-11-20 --input /dev/stdin bare.slog
printf 'a,b\na.slog,b.slog\nb.slog,a.slog\n' >pairs.csv
DAYS="a.slog tue.slog c.slog d.slog"

json summary a.slog dims.slog bare.slog
schema summary summary.json
json episodes --episodes a.slog bare.slog
json episodes-dims --scheme "$EX" --episodes dims.slog
schema episodes episodes.json episodes-dims.json
json bin --bin=15 a.slog dims.slog
json bin-dims --bin=15 --dimension=purpose dims.slog
schema bin bin.json bin-dims.json
json transitions --transitions a.slog bare.slog
schema transitions transitions.json
json sample --sample=5 a.slog dims.slog
json sample-dims --scheme "$EX" --sample=5 dims.slog
schema sample sample.json sample-dims.json
json dimensions --dimensions dims.slog
schema dimensions dimensions.json
json compare --compare --by=phase $DAYS
json compare-bin --compare --by=school --bin=60 $DAYS
json compare-dims --compare --by=school --dimension=purpose --bin=60 dims.slog
schema compare compare.json compare-bin.json compare-dims.json
json patterns --patterns=2 $DAYS
json patterns-heads --patterns --by=head $DAYS b.slog
schema patterns patterns.json patterns-heads.json
json week --week a.slog tue.slog
schema week week.json
json agreement --agreement a.slog b.slog
schema agreement agreement.json
json pairs --agreement --pairs=pairs.csv
schema pairs pairs.json

# A drift is caught: a member renamed, a figure that is never null made
# null, and a member the page lists left out.
sed 's/"observed_s"/"observed"/' summary.json >drift1.json
sed 's/"count": [0-9]*/"count": null/' transitions.json >drift2.json
sed 's/, "kappa": [-0-9.]*//' pairs.json >drift3.json
for d in "summary drift1" "transitions drift2" "pairs drift3"; do
	set -- $d
	check "$2: the drifted $1 is refused" \
	    sh -c '! "$1" "$2" "$3" "$4" "$5" >/dev/null' \
	    sh "$PYTHON3" "$top_srcdir/tests/schema.py" "$MAN" "$1" "$2.json"
done
finish
