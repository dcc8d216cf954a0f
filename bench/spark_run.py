#!/usr/bin/env python3
"""eventmap's map/reduce split on Apache Spark: `extract` over every partition of a JSONL
corpus with RDD.pipe, then `merge` on the records.

    python3 bench/spark_run.py CORPUS.jsonl --out DIR [--partitions 4] [--master local[2]]
        [--eventmap target/release/eventmap] [-- MERGE FLAGS...]

The records are saved with saveAsTextFile (one part file per partition, in partition order)
and merged into DIR, which then holds the same files as `eventmap run CORPUS.jsonl --out DIR`.
Documents need an "id" field (ids made from line numbers differ between partitions).

On a cluster, ship the binary with the job (its gazetteer and word lists are embedded in it):

    spark-submit --master yarn --files target/release/eventmap bench/spark_run.py \\
        hdfs:///news/corpus.jsonl --out /data/eventmap-out --eventmap ./eventmap --records hdfs:///tmp/records

and run `eventmap merge` on the part files (`hdfs dfs -cat /tmp/records/part-* | eventmap
merge - --out DIR`).
"""
import argparse
import glob
import os
import shutil
import subprocess
import sys
import tempfile


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus")
    ap.add_argument("--out", required=True)
    ap.add_argument("--eventmap", default="target/release/eventmap")
    ap.add_argument("--partitions", type=int, default=4)
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--records", help="where to save the records (default: a temporary folder)")
    args, merge_flags = ap.parse_known_args()
    merge_flags = [f for f in merge_flags if f != "--"]

    from pyspark import SparkConf, SparkContext

    exe = args.eventmap if os.path.isabs(args.eventmap) or "/" not in args.eventmap else os.path.abspath(args.eventmap)
    tmp = None
    records = args.records
    if records is None:
        tmp = tempfile.mkdtemp(prefix="eventmap-spark-")
        records = os.path.join(tmp, "records")
    conf = SparkConf().setMaster(args.master).setAppName("eventmap")
    conf.set("spark.ui.enabled", "false")
    conf.set("spark.ui.showConsoleProgress", "false")
    sc = SparkContext(conf=conf)
    sc.setLogLevel("ERROR")
    try:
        lines = sc.textFile(os.path.abspath(args.corpus) if "://" not in args.corpus else args.corpus,
                            minPartitions=args.partitions)
        # extract is stateless: each partition's documents in, one record per document out.
        lines.pipe(f"{exe} extract - --quiet").saveAsTextFile(records)
        n = lines.getNumPartitions()
    finally:
        sc.stop()
    parts = sorted(glob.glob(os.path.join(records, "part-*")))
    print(f"spark: {n} partitions, {len(parts)} record files", file=sys.stderr)
    subprocess.run([exe, "merge", *parts, "--out", args.out, "--quiet", *merge_flags], check=True)
    if tmp:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
