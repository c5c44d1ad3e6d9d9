"""python -m govsim report RESULTS -o report.html"""
import argparse
import sys

from ._report import report


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m govsim", description="govsim's Python tools")
    sub = ap.add_subparsers(dest="command", required=True)
    rep = sub.add_parser("report", help="write a self-contained HTML report of a results directory")
    rep.add_argument("results", help="a results directory: govsim run/compare --out, or a sweep's out")
    rep.add_argument("-o", "--output", default="report.html", help="the HTML file to write (default report.html)")
    args = ap.parse_args(argv)
    try:
        path = report(args.results, args.output)
    except (ValueError, OSError) as err:
        print(f"govsim: error: {err}", file=sys.stderr)
        return 1
    print(f"report written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
