# SPDX-License-Identifier: GPL-2.0-or-later
"""radius_report.py - the Markdown tables of scripts/bench-radius.sh.

Reads the JSON lines the script collected (one per radload run: radload's
own object plus "setup", "round" and the CPU seconds the servers used
during the run) and prints, per device count, the medians of the
interleaved rounds, the ratio ours/stock, every round with the load that
other processes put on the machine meanwhile, ours paced at the target
rate, and where the CPU went. Stdlib only.

    python3 bench/radius_report.py RUNS.jsonl TARGET_RATIO TARGET_P99_MS
"""
import json
import statistics
import sys


def load(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def med(runs, key):
    return statistics.median(key(r) for r in runs)


def ms(us):
    """Milliseconds; radload's histogram ends at 2 s (RL_HIST_US)."""
    if us >= 1999999:
        return "≥2000"
    return "%.2f" % (us / 1000.0)


def cpu_us(runs, proc):
    """Median CPU µs per completed request spent in one process."""
    return med(runs, lambda r: 1e6 * r["cpu"][proc] / max(r["completed"], 1))


def outside(run):
    """The share of the 2 CPUs other processes used during RUN."""
    return run["cpu"]["others"] / max(run["seconds"], 0.001) / 2


def problems(runs):
    return sum(r["timeouts"] + r["lost"] + r["mismatches"] +
               r["bad_authenticator"] for r in runs)


def main():
    runs = load(sys.argv[1])
    target_ratio = float(sys.argv[2])
    target_p99 = float(sys.argv[3])
    sizes = sorted({r["devices"] for r in runs})
    rounds = max(r["round"] for r in runs)
    verdicts = []
    ratios = {}

    print("| setup | devices | requests/s (median of %d) | p50 / p99 (ms) "
          "| timeouts / lost | replies verified | ours ÷ stock |" % rounds)
    print("|---|---|---|---|---|---|---|")
    for n in sizes:
        ours = [r for r in runs if r["devices"] == n and r["setup"] == "ours"]
        stock = [r for r in runs if r["devices"] == n and r["setup"] == "stock"]
        # Per-round ratios first (A and B ran back to back), then
        # their median: the drift between rounds cancels.
        ratio = statistics.median(
            o["rps"] / s["rps"] for o, s in zip(
                sorted(ours, key=lambda r: r["round"]),
                sorted(stock, key=lambda r: r["round"])))
        ratios[n] = ratio
        for name, rs, shown in (("mpsk (rlm_mpsk, from memory)", ours,
                                 "**%.2f**" % ratio),
                                ("stock (rlm_sql, 5 SELECTs)", stock, "1.00")):
            print("| %s | %s | %.0f | %s / %s | %d / %d | %d of %d | %s |" % (
                name, format(n, ","), med(rs, lambda r: r["rps"]),
                ms(med(rs, lambda r: r["latency_us"]["p50"])),
                ms(med(rs, lambda r: r["latency_us"]["p99"])),
                sum(r["timeouts"] for r in rs), sum(r["lost"] for r in rs),
                sum(r["completed"] - r["mismatches"] for r in rs),
                sum(r["completed"] for r in rs), shown))

    print()
    print("Every round (ours and stock back to back; outside load: the share "
          "of the CPUs that processes other than FreeRADIUS, mariadbd and "
          "radload used during the run):")
    print()
    print("| devices | round | ours requests/s | stock requests/s "
          "| ours ÷ stock | outside load during ours / stock |")
    print("|---|---|---|---|---|---|")
    for n in sizes:
        by_round = {}
        for r in runs:
            if r["devices"] == n and r["setup"] in ("ours", "stock"):
                by_round.setdefault(r["round"], {})[r["setup"]] = r
        for rnd in sorted(by_round):
            o, st = by_round[rnd].get("ours"), by_round[rnd].get("stock")
            if not o or not st:
                continue
            print("| %s | %d | %.0f | %.0f | %.2f | %.0f%% / %.0f%% |" % (
                format(n, ","), rnd, o["rps"], st["rps"], o["rps"] / st["rps"],
                100 * outside(o), 100 * outside(st)))

    print()
    print("Ours paced (open loop: requests start on a fixed schedule, latency "
          "counts from the scheduled start) at the stock setup's saturated "
          "rate of the same round, and at %gx it:" % target_ratio)
    print()
    print("| devices | paced at | target requests/s | achieved | "
          "p50 / p90 / p99 / max (ms) | timeouts / lost | verified |")
    print("|---|---|---|---|---|---|---|")
    for n in sizes:
        for setup, what in (("paced1", "1x stock"),
                            ("paced", "%gx stock" % target_ratio)):
            paced = [r for r in runs
                     if r["devices"] == n and r["setup"] == setup]
            if not paced:
                continue
            print("| %s | %s | %.0f | %.0f | %s / %s / %s / %s | %d / %d "
                  "| %d of %d |" % (
                      format(n, ","), what,
                      med(paced, lambda r: r["rate_target"]),
                      med(paced, lambda r: r["rps"]),
                      ms(med(paced, lambda r: r["latency_us"]["p50"])),
                      ms(med(paced, lambda r: r["latency_us"]["p90"])),
                      ms(med(paced, lambda r: r["latency_us"]["p99"])),
                      ms(med(paced, lambda r: r["latency_us"]["max"])),
                      sum(r["timeouts"] for r in paced),
                      sum(r["lost"] for r in paced),
                      sum(r["completed"] - r["mismatches"] for r in paced),
                      sum(r["completed"] for r in paced)))

    print()
    n = sizes[-1]
    paced = [r for r in runs if r["devices"] == n and r["setup"] == "paced"]
    if ratios.get(n) is not None and paced:
        p99 = med(paced, lambda r: r["latency_us"]["p99"])
        achieved = med(paced, lambda r: r["rps"] / max(r["rate_target"], 1))
        checks = [
            ("ours ÷ stock >= %g" % target_ratio, ratios[n] >= target_ratio,
             "%.2f" % ratios[n]),
            ("paced at %gx stock: rate kept" % target_ratio, achieved >= 0.98,
             "%.0f%% of it" % (100 * achieved)),
            ("paced: p99 < %g ms" % target_p99, p99 < target_p99 * 1000,
             "%s ms" % ms(p99)),
            ("no timeouts, every reply verified", problems(runs) == 0,
             "%d problems" % problems(runs)),
        ]
        ok = all(c[1] for c in checks)
        verdicts.append((n, ok))
        print("Target at %s devices: **%s** (%s)." % (
            format(n, ","), "met" if ok else "not met",
            "; ".join("%s: %s %s" % (c[0], c[2], "yes" if c[1] else "NO")
                      for c in checks)))
    print()
    print("CPU per request (median of the saturated runs, µs; "
          "2 vCPUs = 2,000,000 µs/s in all):")
    print()
    print("| setup | devices | FreeRADIUS | mariadbd | radload | total "
          "| other processes' share of the 2 CPUs |")
    print("|---|---|---|---|---|---|---|")
    for n in sizes:
        for name in ("ours", "stock"):
            rs = [r for r in runs if r["devices"] == n and r["setup"] == name]
            a, b, c = (cpu_us(rs, "radiusd"), cpu_us(rs, "mariadbd"),
                       cpu_us(rs, "radload"))
            others = med(rs, outside)
            print("| %s | %s | %.0f | %.0f | %.0f | %.0f | %.0f%% |" % (
                name, format(n, ","), a, b, c, a + b + c, 100 * others))
    return 0 if all(ok for _, ok in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
