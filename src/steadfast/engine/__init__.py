"""The follow-up engine: when to contact a lead, by what channel, and sending it.

Read in this order (docs/engine.md draws the same picture):

- ``timing``     the pure timing function: the next lawful moment for a touch (no database).
- ``answer_model``, ``learned_timing``   learned call placement (pure model, then placement).
- ``planner``    turns a cadence and a lead into planned touches; every touch is created here.
- ``events``     what happens to a lead: arrival, call outcome, inbound message, delivery
                 report, dead channel, opt-out, manual send, marks. Every edge calls these.
- ``compose``    builds the message of a touch (template, variables, sender number, labels).
- ``dispatcher`` the per-touch send state machine: claim, check under the lead's lock, send,
                 record, reconcile.
- ``worker``     the loop that runs the dispatcher (``steadfast worker``, or inside ``serve``).

The engine imports the apps' models, selectors and low-level services; the apps' edges (web,
api, webhooks, admin, commands) call the engine. Nothing in the engine imports an edge.
"""
