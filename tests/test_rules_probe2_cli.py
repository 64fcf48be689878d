"""The rules, queue and ML commands as an operator types them: options that contradict each
other are refused, blank values are named, no secret of a queue URL is ever printed."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from habitory.jobs import consumer, queue
from habitory.jobs import trainer as trainer_module


@pytest.mark.parametrize("args, named", [
    (["evaluate", "--user", "1", "--all"], "--user"),
    (["evaluate", "--all", "--user", "1"], "--all"),
    (["run-rules", "--user", "1", "--catch-up", "5"], "--catch-up"),
])
def test_options_that_contradict_each_other_are_a_usage_error(runner, user, args, named):
    result = runner.invoke(args=[str(user.id) if a == "1" else a for a in args])
    assert result.exit_code == 2, result.output
    assert "Usage:" in result.output and named in result.output


def test_run_rules_for_one_user_still_takes_its_default_catch_up(runner, user):
    result = runner.invoke(args=["run-rules", "--user", str(user.id)])
    assert result.exit_code == 0 and "for user" in result.output


@pytest.mark.parametrize("command", [["predict"], ["set-password", "--password", "x" * 12],
                                     ["delete-user", "--yes"]])
@pytest.mark.parametrize("blank", ["", "   "])
def test_a_blank_email_is_named_as_blank(runner, user, command, blank):
    result = runner.invoke(args=[*command, "--email", blank])
    assert result.exit_code == 2, result.output
    assert "--email" in result.output and "empty" in result.output
    assert "No account for" not in result.output


def test_a_blank_email_for_a_new_account_is_named_as_blank(runner, client):
    result = runner.invoke(args=["create-user", "--email", " ", "--password", "x" * 12])
    assert result.exit_code == 2 and "empty" in result.output, result.output


def test_an_unknown_email_still_says_so(runner, user):
    result = runner.invoke(args=["predict", "--email", "nobody@example.com"])
    assert result.exit_code == 1 and "No account for nobody@example.com." in result.output


def test_the_trainer_refuses_a_user_id_with_due(capsys):
    for argv in (["5", "--due"], ["--due", "--refresh"], ["5", "--refresh", "--json"]):
        with pytest.raises(SystemExit) as stop:
            trainer_module.main(argv)
        assert stop.value.code == 2
        assert "not" in capsys.readouterr().err


@pytest.mark.parametrize("url, secret", [
    ("redis://:s3cret@queue.example:6379/0", "s3cret"),
    ("redis://worker:s3cret@queue.example:6379/0", "s3cret"),
    ("redis://queue.example:6379/0?password=s3cret", "s3cret"),
    ("rediss://queue.example/0?db=2&password=s3cret&ssl_cert_reqs=none", "s3cret"),
    ("unix:///run/redis.sock?db=0&password=s3cret", "s3cret"),
    ("redis://:p@ss@queue.example:6379/0", "p@ss"),
    ("redis://queue.example:6379/0?sentinel_password=s3cret", "s3cret"),
])
def test_no_queue_url_is_ever_printed_with_its_secret(url, secret):
    banner = consumer._where(SimpleNamespace(config={"QUEUE_URL": url}))
    assert secret not in banner and ("queue.example" in banner or "redis.sock" in banner)
    with pytest.raises(ValueError) as refused:  # a URL of the wrong kind, refused at start
        queue.build({"QUEUE_URL": "http" + url[url.index(":"):]})
    assert secret not in str(refused.value)
    assert queue.masked_url(url) == banner


def test_a_masked_url_keeps_what_an_operator_needs():
    assert (queue.masked_url("redis://queue.example:6379/3?db=3&password=x")
            == "redis://queue.example:6379/3?db=3&password=***")
    assert queue.masked_url("redis://w:x@h:1/0") == "redis://w:***@h:1/0"


def test_train_all_goes_on_past_a_user_deleted_meanwhile(runner, user, monkeypatch):
    """An account deleted between `train --all` listing everyone and reaching it is skipped:
    the users after it are still trained."""
    from habitory.domain import accounts

    ghost = SimpleNamespace(id=user.id + 1000)
    monkeypatch.setattr(accounts, "everyone", lambda: [ghost, user])
    result = runner.invoke(args=["train", "--all"])
    assert result.exit_code == 0, result.output
    assert f"user {user.id}: " in result.output
