"""Schedules, kinds, targets, colours, tags, notes: set in the form, kept, shown and counted."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import CheckIn, Habit, Tag

from .conftest import HTMX

FULL = {"form": "full", "kind": "yes_no", "schedule": "daily", "colour": "teal"}


def create(client, **fields):
    return client.post("/habits", data={**FULL, **fields})


def habit(name="Read") -> Habit:
    db.session.expire_all()
    return db.session.scalar(sa.select(Habit).where(Habit.name == name))


def day_states(h):
    rows = db.session.execute(sa.select(CheckIn.day, CheckIn.state, CheckIn.amount, CheckIn.note)
                              .where(CheckIn.habit_id == h.id).order_by(CheckIn.day))
    return {d.isoformat(): (s, a, n) for d, s, a, n in rows}


def test_new_habit_page_offers_presets_and_custom(client, user):
    html = client.get("/habits/new").get_data(as_text=True)
    for text in ("Every day", "Some days a week", "On chosen weekdays", "Every other day",
                 "Once a month", "Custom: N times in D days", "Measurable", "Quit"):
        assert text in html


@pytest.mark.parametrize(
    ("fields", "num", "den", "weekdays", "words"),
    [
        ({"schedule": "daily"}, 1, 1, None, "Every day"),
        ({"schedule": "times_per_week", "times_per_week": "3"}, 3, 7, None, "3× a week"),
        ({"schedule": "every_other_day"}, 1, 2, None, "Every other day"),
        ({"schedule": "monthly"}, 1, 30, None, "Once a month"),
        ({"schedule": "custom", "freq_num": "2", "freq_den": "5"}, 2, 5, None, "2× in 5 days"),
        ({"schedule": "weekdays", "days": ["0", "2", "4"]}, 1, 1, 0b10101, "Mon, Wed, Fri"),
    ],
)
def test_schedules_are_saved_and_described(client, user, fields, num, den, weekdays, words):
    response = create(client, name="Read", **fields)
    assert response.status_code == 303
    h = habit()
    assert (h.freq_num, h.freq_den, h.weekdays) == (num, den, weekdays)
    assert words in client.get("/").get_data(as_text=True)
    assert words in client.get(f"/habits/{h.id}").get_data(as_text=True)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"schedule": "custom", "freq_num": "8", "freq_den": "7"},
         "N cannot be more than D: at most 7 times in 7 days."),
        ({"schedule": "custom", "freq_num": "2", "freq_den": "1"},
         "N cannot be more than D: at most 1 time in 1 day."),
        ({"schedule": "custom", "freq_num": "1", "freq_den": "400"},
         "number of days (D) must be between 1 and 366"),
        ({"schedule": "custom", "freq_num": "x", "freq_den": "7"}, "must be a whole number"),
        ({"schedule": "weekdays"}, "Pick at least one day."),
        ({"schedule": "times_per_week", "times_per_week": "9"}, "between 1 and 7"),
        ({"kind": "measurable", "target": "0", "direction": "at_least"},
         "the target must be more than 0"),
        ({"kind": "measurable", "target": "lots"}, "The target must be a number"),
        ({"kind": "measurable", "target": "-2", "direction": "at_most"}, "cannot be negative"),
        ({"description": "d" * 301}, "Keep it to 300 characters."),
        ({"tags": "x" * 31}, "at most 30 characters"),
        ({"kind": "sometimes"}, "Not a valid choice"),
    ],
)
def test_bad_settings_get_a_message_and_nothing_is_saved(client, user, fields, message):
    data = {**FULL, "name": "Read", **fields}
    if "days" not in fields and fields.get("schedule") == "weekdays":
        data["days"] = []
    response = client.post("/habits", data=data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html
    assert 'aria-invalid="true"' in html or 'class="field-error"' in html
    assert habit() is None


def test_measurable_habit_amounts_decide_done(client, user):
    create(client, name="Water", kind="measurable", target="8", unit="glasses",
           direction="at_least")
    h = habit("Water")
    assert (h.kind, h.target, h.unit, h.direction) == ("measurable", 8.0, "glasses", "at_least")
    html = client.get("/").get_data(as_text=True)
    assert f'id="amount-{h.id}"' in html and "/ 8 glasses" in html
    response = client.post(f"/habits/{h.id}/day", data={"amount": "5", "view": "row"},
                           headers=HTMX)
    assert response.status_code == 200 and 'value="5"' in response.get_data(as_text=True)
    assert day_states(h)["2026-11-25"][:2] == ("not_done", 5.0)
    client.post(f"/habits/{h.id}/day", data={"amount": "8.5"})
    assert day_states(h)["2026-11-25"][:2] == ("done", 8.5)
    assert "1 of 1" in client.get("/").get_data(as_text=True)


def test_at_most_habit(client, user):
    create(client, name="Coffee", kind="measurable", target="2", unit="cups",
           direction="at_most")
    h = habit("Coffee")
    client.post(f"/habits/{h.id}/day", data={"amount": "1", "day": "2026-11-24"})
    client.post(f"/habits/{h.id}/day", data={"amount": "3", "day": "2026-11-25"})
    states = day_states(h)
    assert states["2026-11-24"][0] == "done" and states["2026-11-25"][0] == "not_done"


def test_a_typed_amount_is_judged_as_the_streak_judges_it(client, user):
    """1.9996 is stored by Loop as 2.000: the day is done, and its streak agrees."""
    create(client, name="Run", kind="measurable", target="2", unit="km")
    h = habit("Run")
    client.post(f"/habits/{h.id}/day", data={"amount": "1.9996"})
    assert day_states(h)["2026-11-25"][:2] == ("done", 1.9996)
    assert "1 of 1" in client.get("/").get_data(as_text=True)
    client.post(f"/habits/{h.id}/day", data={"amount": "1.9994"})
    assert day_states(h)["2026-11-25"][0] == "not_done"


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"amount": "a lot"}, "is not a number"),
        ({"amount": "-1"}, "between 0 and 1,000,000"),
        ({"note": "n" * 501}, "Keep the note to 500 characters (this one has 501)."),
        ({"day": "2026-11-26", "amount": "1"}, "has not happened yet"),
        ({"day": "0001-01-01", "amount": "1"}, "Pick a day from 1970 on."),
        ({"day": "soon", "amount": "1"}, "is not a date"),
    ],
)
def test_bad_day_values_are_refused(client, user, data, message, htmx):
    create(client, name="Water", kind="measurable", target="8")
    h = habit("Water")
    response = client.post(f"/habits/{h.id}/day", data=data, headers=HTMX if htmx else {})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert day_states(h) == {}


def test_amount_on_a_yes_no_habit_is_refused(client, user):
    create(client, name="Read")
    h = habit()
    response = client.post(f"/habits/{h.id}/day", data={"amount": "3"})
    assert response.status_code == 422 and "Only measurable habits" in response.get_data(True)


def test_quit_habit_counts_clean_days_and_slips(client, user):
    create(client, name="No sugar", kind="quit")
    h = habit("No sugar")
    h.created_on = h.created_on.replace(day=15)
    db.session.commit()
    html = client.get("/").get_data(as_text=True)
    assert "clean for 11 days" in html  # 15..25 November, none slipped
    client.post(f"/habits/{h.id}/toggle", data={"day": "2026-11-20"})  # a slip
    assert day_states(h)["2026-11-20"][0] == "not_done"
    assert "clean for 5 days" in client.get("/").get_data(as_text=True)
    client.post(f"/habits/{h.id}/toggle", data={"day": "2026-11-20"})  # slip → skipped
    client.post(f"/habits/{h.id}/toggle", data={"day": "2026-11-20"})  # skipped → clear
    assert day_states(h) == {}


def test_weekday_habit_unscheduled_days_do_not_break_the_streak(client, user):
    create(client, name="Gym", schedule="weekdays", days=["0", "2", "4"])
    h = habit("Gym")
    for day in ("2026-11-16", "2026-11-18", "2026-11-20", "2026-11-23", "2026-11-25"):
        client.post(f"/habits/{h.id}/toggle", data={"day": day})
    html = client.get("/").get_data(as_text=True)
    assert "10-day streak" in html  # Mon 16 .. Wed 25, the days between are not scheduled
    page = client.get(f"/habits/{h.id}").get_data(as_text=True)
    assert "Tue 24 Nov 2026: not scheduled" in page


def _twice_a_week_ticked_on_23_and_24(client):
    """Run, twice a week since 1 November, done on Mon 23 and Tue 24 November."""
    create(client, name="Run", schedule="times_per_week", times_per_week="2")
    h = habit("Run")
    h.created_on = h.created_on.replace(day=1)
    db.session.commit()
    client.post(f"/habits/{h.id}/toggle", data={"day": "2026-11-23"})
    client.post(f"/habits/{h.id}/toggle", data={"day": "2026-11-24"})
    return h


def test_automatic_checkmarks_show_as_covered(client, user):
    h = _twice_a_week_ticked_on_23_and_24(client)
    page = client.get(f"/habits/{h.id}").get_data(as_text=True)
    assert "Wed 25 Nov 2026: covered by the target" in page or \
        "Sun 22 Nov 2026: covered by the target" in page


def test_skip_keeps_the_streak(client, user):
    create(client, name="Read")
    h = habit()
    for day in ("2026-11-22", "2026-11-24"):
        client.post(f"/habits/{h.id}/toggle", data={"day": day})
    client.post(f"/habits/{h.id}/toggle", data={"day": "2026-11-23", "state": "skipped"})
    assert "3-day streak" in client.get("/").get_data(as_text=True)


def test_note_is_kept_shown_and_survives_a_toggle(client, user):
    create(client, name="Read")
    h = habit()
    client.post(f"/habits/{h.id}/toggle", data={"day": "2026-11-20"})
    client.post(f"/habits/{h.id}/day", data={"day": "2026-11-20", "note": "Finished <Dune>"})
    page = client.get(f"/habits/{h.id}").get_data(as_text=True)
    assert "Finished &lt;Dune&gt;" in page
    assert "Fri 20 Nov 2026: done. Note: Finished &lt;Dune&gt;" in page
    for _ in range(3):  # done → skipped → (would clear) → done: the note stays
        client.post(f"/habits/{h.id}/toggle", data={"day": "2026-11-20"})
    assert day_states(h)["2026-11-20"][2] == "Finished <Dune>"
    client.post(f"/habits/{h.id}/day", data={"day": "2026-11-20", "note": "", "state": "clear"})
    assert day_states(h) == {}


def test_colour_icon_description_and_tags(client, user):
    create(client, name="Meditate", colour="violet", icon="🧘",
           description="Did you meditate today?", tags="Health, morning, health")
    h = habit("Meditate")
    assert (h.colour, h.icon, h.description) == ("violet", "🧘", "Did you meditate today?")
    assert [t.name for t in h.tags] == ["Health", "morning"]
    html = client.get("/").get_data(as_text=True)
    assert 'data-colour="violet"' in html and "🧘" in html
    assert 'href="/?tag=health"' in html and "#morning" in html
    page = client.get(f"/habits/{h.id}").get_data(as_text=True)
    assert "Did you meditate today?" in page


def test_dashboard_filters_by_tag_with_and_without_htmx(client, user):
    create(client, name="Meditate", tags="health")
    create(client, name="Read", tags="mind")
    create(client, name="Run", tags="health, outdoors")
    html = client.get("/?tag=health").get_data(as_text=True)
    assert ">Meditate</a>" in html and ">Run</a>" in html and ">Read</a>" not in html
    assert "0 of 2" in html
    fragment = client.get("/?tag=HEALTH", headers=HTMX).get_data(as_text=True)
    assert fragment.lstrip().startswith('<section id="today"') and "<html" not in fragment
    assert ">Read</a>" not in fragment
    unknown = client.get("/?tag=nothing").get_data(as_text=True)
    assert "No tag called “nothing”" in unknown and ">Read</a>" in unknown


def test_edit_page_changes_every_setting_and_prunes_unused_tags(client, user):
    create(client, name="Read", tags="mind")
    h = habit()
    form = client.get(f"/habits/{h.id}/edit").get_data(as_text=True)
    assert 'value="mind"' in form and 'id="schedule-daily" value="daily" checked' in form
    response = client.post(f"/habits/{h.id}/edit", data={
        **FULL, "name": "Read more", "schedule": "custom", "freq_num": "3", "freq_den": "10",
        "colour": "blue", "tags": "evening"})
    assert response.status_code == 303
    h = habit("Read more")
    assert (h.freq_num, h.freq_den, h.colour) == (3, 10, "blue")
    assert [t.name for t in db.session.scalars(sa.select(Tag))] == ["evening"]


def test_edit_with_bad_values_changes_nothing(client, user):
    create(client, name="Read")
    h = habit()
    response = client.post(f"/habits/{h.id}/edit", data={
        **FULL, "name": "Read", "schedule": "custom", "freq_num": "9", "freq_den": "3"})
    assert response.status_code == 422
    assert (habit().freq_num, habit().freq_den) == (1, 1)


def test_habit_page_lists_best_streaks_with_dates_and_strength(client, user):
    create(client, name="Read")
    h = habit()
    for day in ("2026-11-01", "2026-11-02", "2026-11-03", "2026-11-10", "2026-11-11"):
        client.post(f"/habits/{h.id}/toggle", data={"day": day})
    page = client.get(f"/habits/{h.id}").get_data(as_text=True)
    assert "Sun 1 Nov 2026 – Tue 3 Nov 2026" in page
    assert page.index("Sun 1 Nov 2026") < page.index("Tue 10 Nov 2026")
    assert "Strength" in page and "%" in page


def test_strength_command_prints_loops_numbers(client, user, runner):
    create(client, name="Read")
    h = habit()
    client.post(f"/habits/{h.id}/toggle", data={"day": "2026-11-24"})
    result = runner.invoke(args=["strength", "--email", "ada@example.com", "--habit", "read",
                                 "--from", "2026-11-24", "--to", "2026-11-25"])
    assert result.exit_code == 0, result.output
    # One daily check from zero gives Loop's 0.051922; the next, unknown day decays it.
    assert result.output.splitlines() == ["date,score", "2026-11-24,0.0519", "2026-11-25,0.0492"]
    by_id = runner.invoke(args=["strength", "--email", "ada@example.com", "--habit", str(h.id),
                                "--from", "2026-11-24", "--to", "2026-11-24"])
    assert by_id.output.splitlines()[1] == "2026-11-24,0.0519"


def test_strength_command_errors(client, user, runner):
    result = runner.invoke(args=["strength", "--email", "ada@example.com", "--habit", "nope"])
    assert result.exit_code != 0 and "no habit called" in result.output
    result = runner.invoke(args=["strength", "--email", "x@example.com", "--habit", "nope"])
    assert result.exit_code != 0 and "No account" in result.output


@pytest.mark.parametrize("kind", ["yes_no", "measurable"])
def test_a_hostile_note_stays_text_in_every_calendar_cell(client, user, kind):
    """Notes are the only user text in a calendar cell: quotes and tags must not break out of
    the attributes or the markup, in the page and in the cell an htmx toggle returns."""
    extra = {"target": "5", "unit": "km", "direction": "at_least"} if kind == "measurable" else {}
    create(client, name="Run", kind=kind, **extra)
    h = habit("Run")
    note = '"><img src=x onerror=alert(1)> & <b>'
    client.post(f"/habits/{h.id}/day", data={"day": "2026-11-20", "note": note})
    escaped = "&#34;&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &lt;b&gt;"
    page = client.get(f"/habits/{h.id}").get_data(as_text=True)
    assert "<img src=x" not in page and "<b>" not in page
    assert "data-note" in page and f"Fri 20 Nov 2026: not done. Note: {escaped}" in page
    if kind == "yes_no":
        cell = client.post(f"/habits/{h.id}/toggle", data={"day": "2026-11-20", "view": "cell"},
                           headers={"HX-Request": "true"}).get_data(as_text=True)
        assert "<img src=x" not in cell and 'data-note aria-label="Fri 20 Nov 2026: ' in cell
        assert f'. Note: {escaped}"' in cell


@pytest.mark.parametrize("days", [[""], ["", "x"], ["7"], ["-1"]])
def test_weekday_schedule_with_only_bad_day_values_asks_for_a_day(client, user, days):
    response = client.post("/habits", data={**FULL, "name": "Gym", "schedule": "weekdays",
                                            "days": days})
    assert response.status_code == 422
    assert "Pick at least one day." in response.get_data(as_text=True)
    assert habit("Gym") is None


def test_a_refused_day_keeps_what_was_typed_and_says_why_at_the_field(client, user):
    """Without JavaScript the habit page's day form comes back (422) with the message next to
    the field and the typed values, not an error page that loses the note."""
    create(client, name="Run", kind="measurable", target="5", unit="km", direction="at_least")
    h = habit("Run")
    long_note = "A <long> run " * 40  # over 500 characters
    response = client.post(f"/habits/{h.id}/day", data={
        "form": "day", "day": "2026-11-20", "amount": "7", "state": "", "note": long_note})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="log-note-error"' in page and "Keep the note to 500 characters" in page
    assert 'aria-invalid="true"' in page and "A &lt;long&gt; run" in page
    assert 'value="7"' in page and 'value="2026-11-20"' in page
    assert day_states(h) == {}
    future = client.post(f"/habits/{h.id}/day", data={
        "form": "day", "day": "2026-12-01", "amount": "3", "note": "tomorrow"})
    page = future.get_data(as_text=True)
    assert future.status_code == 422 and 'id="log-day-error"' in page
    assert ">tomorrow</textarea>" in page
    bad_amount = client.post(f"/habits/{h.id}/day", data={"form": "day", "day": "2026-11-20",
                                                          "amount": "lots"})
    assert 'id="log-amount-error"' in bad_amount.get_data(as_text=True)
    assert day_states(h) == {}


def test_the_legend_capitalises_only_its_first_letter_in_german(client, user):
    """German nouns keep their capital: "Durch das Ziel abgedeckt", not "... ziel ..."
    (Jinja's capitalize lowered the rest of the words)."""
    h = _twice_a_week_ticked_on_23_and_24(client)
    client.get("/settings")
    client.post("/settings/language", data={"language": "de", "week_start": ""})
    page = client.get(f"/habits/{h.id}").get_data(as_text=True)
    assert "Durch das Ziel abgedeckt" in page
    assert "Durch das ziel abgedeckt" not in page
