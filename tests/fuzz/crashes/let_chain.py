#!/usr/bin/env python3
"""Reproducer (found by tests/hostile): a chain of N lets, each naming the next, used in a grant.
The resolver recurses once per link (stack overflow, SIGSEGV at about N=30,000 in a release build)
and scans the expansion stack linearly per link (quadratic: N=10,000 takes about 3 s).
Usage: let_chain.py N > chain.iam && iamc check chain.iam
"""
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
print('target astra p { account = "a" }')
print("in astra.p { grant viewer to a0 }")
for i in range(n):
    print(f"let a{i} = a{i + 1}")
print(f'let a{n} = user("x")')
