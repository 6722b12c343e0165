"""The trained model (Splink settings JSON) runs unchanged on Splink's Spark backend.

A local Spark session (pyspark, Java 17) scores the same linkage frame with the
JSON that DuckDB training produced: the same pairs come out with the same match
probabilities. Skipped only where Java or pyspark is missing, and never when
``UNCOUNTED_REQUIRE_SPARK`` is set (CI sets it).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest

from uncounted.link.fixtures import cross_script_lists
from uncounted.link.frame import LIST_COLUMNS, SIGNATURE_COLUMNS, linkage_frame
from uncounted.link.run import link_records

if not os.environ.get("UNCOUNTED_REQUIRE_SPARK"):
    if shutil.which("java") is None:
        pytest.skip("no Java runtime for Spark", allow_module_level=True)
    pytest.importorskip("pyspark")

import pyspark.sql as pyspark_sql
import splink.backends.spark as splink_spark


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    session = (
        pyspark_sql.SparkSession.builder.master("local[1]")
        .appName("uncounted-model-portability")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.memory", "1g")
        .config("spark.jars", splink_spark.similarity_jar_location())
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _schema(frame: pd.DataFrame) -> str:
    """Spark types for the frame: a column with no value in this small frame (no alias,
    no pinyin name) would otherwise come out as Spark's typeless VOID."""

    def kind(column: str) -> str:
        if column in SIGNATURE_COLUMNS:
            return "bigint"
        if column in LIST_COLUMNS:
            return "array<string>"
        types = {"Int64": "bigint", "boolean": "boolean"}
        return types.get(str(frame[column].dtype), "string")

    return ", ".join(f"{c} {kind(c)}" for c in frame.columns)


def _scores(pairs: pd.DataFrame) -> pd.Series:
    keys = pairs["unique_id_l"].astype(str) + "|" + pairs["unique_id_r"].astype(str)
    return pd.Series(pairs["match_probability"].to_numpy(), index=keys).sort_index()


def test_trained_model_json_scores_the_same_pairs_on_spark(spark: Any) -> None:
    from splink import Linker

    records = cross_script_lists(40, seed=5)
    duckdb_result = link_records(records, threshold=0.5)
    model = json.loads(json.dumps(duckdb_result.model))
    frame = linkage_frame(records)
    api = splink_spark.SparkAPI(spark_session=spark, break_lineage_method="persist")
    logging.getLogger("splink").setLevel(logging.ERROR)
    table = spark.createDataFrame(frame.astype(object).where(frame.notna(), None), _schema(frame))
    linker = Linker(api.register(table), model)
    on_spark = linker.inference.predict(threshold_match_probability=0.01).as_pandas_dataframe()
    expected, got = _scores(duckdb_result.pairs), _scores(on_spark)
    assert len(expected) >= 30
    assert list(got.index) == list(expected.index)
    assert got.to_numpy() == pytest.approx(expected.to_numpy(), rel=1e-6, abs=1e-9)
