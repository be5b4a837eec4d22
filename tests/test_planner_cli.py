"""``python -m bot solve``, the standard-instance reader and the benchmark's entry points."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from bot.cli import main
from bot.devtools import bench
from bot.planner import check, solve
from bot.planner.instances import read_instance

FIXTURES = Path(__file__).parent / "fixtures" / "planner"


def test_solve_prints_the_plan_as_json(capsys):
    assert main(["solve", str(FIXTURES / "three_sites.json"), "--seed", "3", "--time-limit", "5"]) == 0
    answer = json.loads(capsys.readouterr().out)
    # Site 3 alone (40) beats 1 and 2 together (30): 10 + 80 + 10 = 100 fits, nothing else does.
    assert answer["score"] == 40 and answer["tours"] == [["0", "3", "0"]]
    assert answer["optimal"] is True
    assert answer["schedule"][0]["stops"][0] == {"id": "3", "arrive": 10.0, "start": 10.0, "end": 90.0}


def test_patience_zero_uses_the_whole_time_limit(capsys):
    assert main(["solve", str(FIXTURES / "three_sites.json"), "--patience", "0", "--time-limit", "0.1"]) == 0
    assert json.loads(capsys.readouterr().out)["score"] == 40


def test_solve_reads_standard_input(monkeypatch, capsys):
    problem = json.loads((FIXTURES / "three_sites.json").read_text())
    problem["nodes"][3]["close"] = 5  # site 3 now too early to reach: 2 then 1 are best
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(problem)))
    assert main(["solve", "-"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["score"] == 30 and answer["tours"] == [["0", "2", "1", "0"]]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "must be a JSON object"),
        ('{"nodes": []}', "missing field"),
        ('{"nodes": [{"id": "0", "open": 0, "close": 5}], "time": [[0, 1]]}', "matrix"),
        ('{"nodes": [{"id": "0"}], "time": [[0]]}', "needs id, open and close"),
        ('{"nodes": [{"id": "0", "open": 0, "close": 5}], "time": [[0]], "start": "9"}', "unknown node"),
        ('{"nodes": [{"id": "0", "open": 0, "close": 5}], "time": [["x"]]}', "malformed"),
    ],
)
def test_bad_problem_files_give_one_line_errors(tmp_path, capsys, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    assert main(["solve", str(path)]) == 2
    error = capsys.readouterr().err
    assert message in error and error.count("\n") == 1


def test_missing_file_is_a_user_error(tmp_path, capsys):
    assert main(["solve", str(tmp_path / "nowhere.json")]) == 2
    assert "cannot read" in capsys.readouterr().err


def write_instance(folder: Path) -> Path:
    """A made-up instance in the KU Leuven format (varying column counts, like the real files)."""
    path = folder / "tiny.txt"
    path.write_text(
        "4 2 4 1\n0 200\n"
        "  0 0.0 0.0 0.0 0.0 0 0 0 100\n"
        "  1 3.0 4.0 10.0 5.0 1 1 1 0 50\n"  # 5 away
        "  2 6.0 8.0 10.0 8.0 1 2 1 2 20 60\n"  # 10 away
        "  3 0.0 7.07 5.0 3.0 1 0 0 90\n"  # 7.07 away, truncated to 7.0
        "  4 50.0 50.0 5.0 9.0 1 1 1 0 100\n"  # too far for the day
    )
    return path


def test_standard_instance_reader_truncates_distances(tmp_path):
    problem = read_instance(write_instance(tmp_path), tours=2)
    assert problem.tours == 2 and [node.id for node in problem.nodes] == ["0", "1", "2", "3", "4"]
    assert problem.time[0][1] == 5.0 and problem.time[0][3] == 7.0
    assert problem.nodes[2].windows == (((20.0, 60.0),),) * 2
    solution = solve(problem)
    assert solution.score == 16 and check(problem, solution) == []


def test_benchmark_runs_end_to_end_on_a_tiny_folder(tmp_path, capsys):
    write_instance(tmp_path)
    (tmp_path / "bks.csv").write_text(
        "instance,file,n_customers,m,bks,status,source\ntiny,tiny.txt,4,1,13,made up,test\n"
    )
    bench.standard_instances(tmp_path, quick=False, time_limit=0.05)
    bench.realistic_requests(3, time_limit=0.1)
    bench.brute_forceable(2, time_limit=0.05)
    bench.circuit_sense(2)
    out = capsys.readouterr().out
    assert "tiny" in out and "median" in out and "ours optimal 2/2" in out
    assert "after dark" in out and "2 requests with a circuit both ways" in out
