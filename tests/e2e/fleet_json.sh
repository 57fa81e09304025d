# SPDX-License-Identifier: BSD-2-Clause
# --json on a fleet: "build FLEET --json" and "verify FLEET --json" print
# one JSON document on stdout, {"fleet", "ok", "jails": [...]}, the jails
# in the manifest's order (not the order they are built in: jails are
# grouped by source stack), each with its name, ok, exit and its own
# --json report (null when it has none); nothing else is on stdout.  A
# small fleet from this host's "/", so it needs no fixture.
. "$(dirname "$0")/lib.sh"

W="$JT_TEST_WORK/fleet_json"
rm -rf "$W" && mkdir -p "$W/out" "$W/layer/etc" || fail "setup"
cd "$W" || fail "cd"
echo "a layer's file" > layer/etc/jt-layer

# alpha stacks a layer on "/": it is built after zeta and mid, which
# share "/" alone, yet it is listed second, as in the manifest
cat > fleet.jail <<'JAIL'
source    /
output    dir       out/${name}
output    jailconf  out/fleet.conf
jail zeta {
	include /bin/sh
}
jail alpha {
	source  layer
	include /etc/jt-layer
	include /bin/true
}
jail mid {
	include /bin/true
}
JAIL

# check.py FILE OK NAMES...: stdout is one document for fleet.jail, its
# "ok" is OK, its jails are NAMES in that order, each ok with a report
# unless its name is given as !NAME
cat > check.py <<'PY'
import json, sys
path, ok, names = sys.argv[1], sys.argv[2] == "true", sys.argv[3:]
with open(path) as f:
    doc = json.load(f)          # the whole of stdout: one document
assert doc["fleet"] == "fleet.jail", doc["fleet"]
assert doc["ok"] is ok, doc["ok"]
got = [j["name"] for j in doc["jails"]]
assert got == [n.lstrip("!") for n in names], got
for j, n in zip(doc["jails"], names):
    bad = n.startswith("!")
    assert j["ok"] is (not bad), (n, j["ok"])
    assert (j["exit"] == 0) is (not bad), (n, j["exit"])
    assert bad or isinstance(j["report"], dict), (n, j["report"])
PY

expect_exit 0 jt build --json fleet.jail
python3 check.py "$OUT" true zeta alpha mid || fail "build --json"
python3 - "$OUT" <<'PY' || fail "build --json: the reports"
import json, sys
doc = json.load(open(sys.argv[1]))
r = {j["name"]: j["report"] for j in doc["jails"]}
paths = lambda n: [e["path"] for e in r[n]["entries"]]
assert {"/bin/sh", "/usr/bin/sh"} & set(paths("zeta")), paths("zeta")
assert "/etc/jt-layer" in paths("alpha"), paths("alpha")
assert "/etc/jt-layer" not in paths("mid"), paths("mid")
for n in r:
    assert r[n]["jail"]["files"] > 0, n
PY
[ -s out/fleet.conf ] || fail "the shared jail.conf not written"
grep -q '^jail ' "$OUT" && fail "text on stdout"

# a dry run: each jail's plan; -n one jail
expect_exit 0 jt build --json --dry-run -n alpha fleet.jail
python3 check.py "$OUT" true alpha || fail "build --json --dry-run -n"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1]));
p=d["jails"][0]["report"]; assert p["entries_count"]==len(p["entries"])' \
    "$OUT" || fail "build --dry-run --json: the plan"

# a jail that fails: named, not ok, no report; the others still built
sed 's|include /bin/true$|include /bin/nonexistent-jt|' fleet.jail > bad.jail
sed -i '/^jail mid/,$ s|include /bin/nonexistent-jt|include /bin/true|' \
    bad.jail
rm -rf out && mkdir out || fail "out"
expect_exit 1 jt build --json bad.jail
sed -i 's/"fleet":"bad.jail"/"fleet":"fleet.jail"/' "$OUT"
python3 check.py "$OUT" false zeta '!alpha' mid || fail "build --json, one bad"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1]));
assert d["jails"][1]["report"] is None' "$OUT" || fail "a report for alpha"
assert_grep 'jail alpha: not built' "$ERR"

# a jail whose mtree would go to stdout is refused, not mixed in
rm -rf out && mkdir out || fail "out"
sed 's|^\tinclude /bin/sh$|&\n\toutput mtree -|' fleet.jail > stdout.jail
expect_exit 2 jt build --json stdout.jail
sed -i 's/"fleet":"stdout.jail"/"fleet":"fleet.jail"/' "$OUT"
python3 check.py "$OUT" false '!zeta' alpha mid || fail "build --json, mtree -"
assert_grep 'jail zeta: --json: an output on stdout' "$ERR"

# verify: every jail's report and row, no table
rm -rf out && mkdir out || fail "out"
expect_exit 0 jt build -q fleet.jail
expect_exit 0 jt verify --json -j 2 fleet.jail
python3 check.py "$OUT" true zeta alpha mid || fail "verify --json"
python3 - "$OUT" "$W" <<'PY' || fail "verify --json: the rows"
import json, sys
doc = json.load(open(sys.argv[1]))
for j in doc["jails"]:
    assert j["state"] == "ok (static)", j
    assert j["probe"] is None, j
    assert j["seconds"] >= 0, j
    assert j["report"]["ok"] is True, j
    assert j["report"]["root"].endswith("out/" + j["name"]), j
    assert j["report"]["failures"] == [], j
PY
grep -q 'JAIL  *STATE' "$OUT" "$ERR" && fail "the table with --json"

# one jail broken (its libc gone): it fails, the others pass
rm -f out/mid/lib/x86_64-linux-gnu/libc.so.6 \
    out/mid/usr/lib/x86_64-linux-gnu/libc.so.6
expect_exit 3 jt verify --json fleet.jail
python3 check.py "$OUT" false zeta alpha '!mid' || fail "verify --json, mid broken"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1]));
m=d["jails"][2]; assert m["state"].startswith("FAILED"), m;
assert m["report"]["ok"] is False and m["report"]["failures"], m' "$OUT" ||
    fail "verify --json: mid's failures"
assert_grep 'jail mid: did not pass' "$ERR"

# what a jail's check says on stderr stays there, after its name
mv out/fleet.conf fleet.conf.away || fail "mv"
expect_exit 2 jt verify --json -n alpha fleet.jail
python3 check.py "$OUT" false '!alpha' || fail "verify --json, no jail.conf"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1]));
a=d["jails"][0]; assert a["state"]=="error" and a["report"] is None, a' \
    "$OUT" || fail "verify --json: alpha's error"
assert_grep '^jail alpha:$' "$ERR"
assert_grep 'out/fleet.conf: cannot read the jail.conf' "$ERR"
mv fleet.conf.away out/fleet.conf || fail "mv back"

# without --json the table is still there
expect_exit 3 jt verify fleet.jail
assert_grep '^JAIL +STATE +PROBE +TIME$' "$OUT"
assert_grep '^mid +FAILED' "$OUT"
echo "ok"
