"""The hash chain of dossier events: any change to the stored log shows."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.accounts.domain import Role
from motcua.dossiers.domain import (
    Actor,
    Receive,
    RequestSupplement,
    Route,
    Start,
    apply,
    chain,
    chain_events,
    event_hash,
    receive,
    verify_chain,
)
from motcua.dossiers.domain.audit import GENESIS_HASH, canonical_json

T0 = datetime(2026, 2, 13, 1, 30, tzinfo=UTC)
H = timedelta(hours=1)
CLERK = Actor("clerk", frozenset({Role.CLERK}))
SPEC = Actor("spec", frozenset({Role.SPECIALIST}))


def story() -> list:
    state, first = receive(Receive(actor=CLERK, at=T0, due_at=T0 + 48 * H, note="Hồ sơ khai sinh"))
    events = [first]
    for command in (
        Route(actor=CLERK, at=T0 + H, steps=("Thẩm định",), handler="spec"),
        Start(actor=SPEC, at=T0 + 2 * H),
        RequestSupplement(actor=SPEC, at=T0 + 3 * H, missing_items=("Tờ khai", "Ảnh")),
    ):
        state, event = apply(state, command)
        events.append(event)
    return chain_events(events)


def test_intact_chain_verifies_and_hash_is_the_documented_recipe():
    links = story()
    assert verify_chain(links) == []
    assert verify_chain(links, expected_head=links[-1].hash) == []
    assert links[0].prev_hash == GENESIS_HASH
    # Anyone can recompute a hash from the stored record with a few lines of any language.
    text = json.dumps(
        {"v": 1, "prev": links[1].prev_hash, "event": links[1].record},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    assert hashlib.sha256(text.encode()).hexdigest() == links[1].hash


def test_hash_does_not_depend_on_key_order_but_on_every_value():
    a = {"action": "route", "payload": {"x": 1, "y": "Lai Châu"}}
    b = {"payload": {"y": "Lai Châu", "x": 1}, "action": "route"}
    assert event_hash(GENESIS_HASH, a) == event_hash(GENESIS_HASH, b)
    assert event_hash(GENESIS_HASH, a) != event_hash("f" * 64, a)
    assert event_hash(GENESIS_HASH, a) != event_hash(GENESIS_HASH, {**a, "action": "start"})


def test_floats_are_refused():
    with pytest.raises(TypeError):
        canonical_json({"fee": 1.5})


def _tamper(value, data):
    if isinstance(value, dict):
        if not value:
            return {"x": 1}
        key = data.draw(st.sampled_from(sorted(value)))
        return {**value, key: _tamper(value[key], data)}
    if isinstance(value, list):
        if not value:
            return ["x"]
        i = data.draw(st.integers(0, len(value) - 1))
        return value[:i] + [_tamper(value[i], data)] + value[i + 1 :]
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if value is None:
        return "x"
    return value + "·"


@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_tampering_with_any_field_of_any_event_breaks_verification(data):
    links = story()
    index = data.draw(st.integers(0, len(links) - 1))
    record = _tamper(links[index].record, data)
    assert record != links[index].record
    links[index] = replace(links[index], record=record)
    broken = verify_chain(links)
    assert [b.index for b in broken] == [index]
    assert broken[0].kind == "hash_mismatch"


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_reordering_or_removing_events_breaks_verification(data):
    links = story()
    order = data.draw(st.permutations(range(len(links))))
    if list(order) == sorted(order):
        order = list(reversed(order))
    shuffled = [links[i] for i in order]
    assert any(b.kind == "prev_mismatch" for b in verify_chain(shuffled))
    gone = data.draw(st.integers(0, len(links) - 2))
    assert verify_chain(links[:gone] + links[gone + 1 :])


def test_rehashing_a_forged_tail_is_caught_by_the_stored_head():
    links = story()
    forged = links[:2] + chain([{**links[2].record, "actor": "intruder"}], links[1].hash)
    assert verify_chain(forged) == []  # a consistent forgery of the tail...
    broken = verify_chain(forged, expected_head=links[-1].hash)
    assert [b.kind for b in broken] == ["head_mismatch"]  # ...is not the chain we stored
    assert verify_chain(links[:-1], expected_head=links[-1].hash)[0].kind == "head_mismatch"


def test_event_records_are_json_round_trippable():
    for link in story():
        assert json.loads(json.dumps(link.record)) == link.record
        assert event_hash(link.prev_hash, json.loads(json.dumps(link.record))) == link.hash
