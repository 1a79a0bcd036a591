"""A student on the hub, simulated with the messages JupyterLab sends, without a browser.

    student = SimulatedStudent(hub_student, "china-japan-bri/chapters/01-....ipynb")
    await student.start_kernel()
    await student.run_notebook()          # every code cell in order, as Run All does
    widget = student.first_image_widget() # the first widget whose output shows a chart
    ms = await student.change(widget)     # one control set to a value not shown before

A kernel is started for the notebook through the server's sessions API and spoken
to over its websocket (Jupyter's messaging protocol, JSON). The kernel announces
each ipywidget with a ``comm_open`` message carrying its state; a control is
changed with the ``comm_msg`` "update" that the widget's view in JupyterLab sends,
and the redraw has arrived when the widget's Output sends its new ``outputs``. The
time between the two is the redraw as the student's browser receives it (drawing
the PNG on screen is not included).
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone

import requests
from localhub import Student
from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect

CHART_MARKERS = ("image/png", "<img")

# How a control of each widget type is given other values: a list of states to send.
RANGE_MODELS = {"IntRangeSliderModel", "FloatRangeSliderModel"}
NUMBER_MODELS = {
    "IntSliderModel",
    "FloatSliderModel",
    "BoundedIntTextModel",
    "BoundedFloatTextModel",
}
CHOICE_MODELS = {"DropdownModel", "ToggleButtonsModel", "RadioButtonsModel", "SelectModel"}


class StudentError(Exception):
    """A simulated student could not go on; the message says why."""


@dataclass
class Widget:
    output: str  # the comm id of its Output
    moves: list[
        tuple[str, dict]
    ]  # (control's comm id, state to send), each a view not shown before
    shown: int = 0


@dataclass
class SimulatedStudent:
    student: Student
    notebook: str  # path relative to the server's root
    models: dict[str, dict] = field(default_factory=dict)  # comm id -> {"model_name", "state"}
    _replies: dict[str, asyncio.Future] = field(default_factory=dict)
    _outputs: dict[str, asyncio.Future] = field(default_factory=dict)

    async def start_kernel(self) -> None:
        response = await asyncio.to_thread(
            requests.post,
            f"{self.student.server_url}api/sessions",
            headers=self.student.headers,
            timeout=120,
            json={
                "path": self.notebook,
                "type": "notebook",
                "name": "",
                "kernel": {"name": "python3"},
            },
        )
        if not response.ok:
            raise StudentError(
                f"{self.student.name}: no kernel: HTTP {response.status_code} {response.text[:300]}"
            )
        kernel = response.json()["kernel"]["id"]
        self.session = uuid.uuid4().hex
        server = self.student.server_url.replace("http", "ws", 1)
        url = f"{server}api/kernels/{kernel}/channels?session_id={self.session}"
        self.socket = await websocket_connect(
            HTTPRequest(url, headers=self.student.headers, request_timeout=120),
            max_message_size=256 * 1024 * 1024,
        )
        self._reader = asyncio.ensure_future(self._read())

    async def close(self) -> None:
        if getattr(self, "socket", None) is not None:
            self.socket.close()
            self._reader.cancel()

    def _send(self, msg_type: str, content: dict) -> str:
        msg_id = uuid.uuid4().hex
        self.socket.write_message(
            json.dumps(
                {
                    "header": {
                        "msg_id": msg_id,
                        "msg_type": msg_type,
                        "username": self.student.name,
                        "session": self.session,
                        "version": "5.3",
                        "date": datetime.now(timezone.utc).isoformat(),
                    },
                    "parent_header": {},
                    "metadata": {},
                    "content": content,
                    "channel": "shell",
                    "buffers": [],
                }
            )
        )
        return msg_id

    async def _read(self) -> None:
        while (raw := await self.socket.read_message()) is not None:
            if not isinstance(raw, str):
                continue  # binary frames carry widget buffers, which no control here uses
            msg = json.loads(raw)
            kind, content = msg["header"]["msg_type"], msg["content"]
            parent = msg.get("parent_header", {}).get("msg_id")
            if kind == "comm_open" and content.get("target_name") == "jupyter.widget":
                state = content["data"]["state"]
                self.models[content["comm_id"]] = {
                    "model_name": state.get("_model_name"),
                    "state": state,
                }
            elif kind == "comm_msg" and content["comm_id"] in self.models:
                data = content["data"]
                if data.get("method") in ("update", "echo_update"):
                    self.models[content["comm_id"]]["state"].update(data["state"])
                waiter = self._outputs.get(content["comm_id"])
                if (
                    waiter
                    and not waiter.done()
                    and data.get("method") == "update"
                    and "outputs" in data["state"]
                ):
                    waiter.set_result(time.perf_counter())
            elif kind == "execute_reply" and parent in self._replies:
                self._replies[parent].set_result(content)
        for waiter in [*self._replies.values(), *self._outputs.values()]:
            if not waiter.done():
                waiter.set_exception(
                    StudentError(
                        f"{self.student.name}: the kernel's connection closed "
                        f"(code {self.socket.close_code}, reason {self.socket.close_reason!r})"
                    )
                )

    async def execute(self, code: str, timeout: float = 600) -> dict:
        msg_id = self._send(
            "execute_request",
            {
                "code": code,
                "silent": False,
                "store_history": True,
                "user_expressions": {},
                "allow_stdin": False,
                "stop_on_error": True,
            },
        )
        self._replies[msg_id] = asyncio.get_running_loop().create_future()
        try:
            return await asyncio.wait_for(self._replies[msg_id], timeout)
        finally:
            del self._replies[msg_id]

    async def run_notebook(self) -> float:
        """Run every code cell in order; the seconds it took. Stops at the first error."""
        response = await asyncio.to_thread(
            requests.get,
            f"{self.student.server_url}api/contents/{self.notebook}",
            headers=self.student.headers,
            timeout=60,
        )
        if not response.ok:
            raise StudentError(
                f"{self.student.name}: cannot read {self.notebook}: HTTP {response.status_code}"
            )
        started = time.perf_counter()
        for index, cell in enumerate(response.json()["content"]["cells"]):
            if cell["cell_type"] != "code":
                continue
            reply = await self.execute(cell["source"])
            if reply["status"] != "ok":
                raise StudentError(
                    f"{self.student.name}: cell {index} failed: {reply.get('ename')}: "
                    f"{reply.get('evalue')}"
                )
        return time.perf_counter() - started

    def first_image_widget(self) -> Widget:
        """The first widget whose Output shows a chart, with the moves that give new views."""
        for comm_id, model in self.models.items():
            if model["model_name"] == "OutputModel" and any(
                marker in json.dumps(output.get("data", {}))
                for output in model["state"].get("outputs", [])
                for marker in CHART_MARKERS
            ):
                box = next(
                    (
                        m
                        for m in self.models.values()
                        if f"IPY_MODEL_{comm_id}" in m["state"].get("children", [])
                    ),
                    None,
                )
                if box is None:
                    continue
                controls = [c for c in self._descendants(box) if self._states(c)]
                if controls:
                    return Widget(comm_id, self._moves(controls))
        raise StudentError(
            f"{self.student.name}: the notebook shows no widget with a chart and a control to "
            "change"
        )

    def _descendants(self, box: dict) -> list[str]:
        found = []
        for child in box["state"].get("children", []):
            comm_id = child.removeprefix("IPY_MODEL_")
            found.append(comm_id)
            if comm_id in self.models:
                found += self._descendants(self.models[comm_id])
        return found

    def _states(self, comm_id: str) -> list[dict]:
        """States a control can be sent, apart from its current one."""
        model = self.models.get(comm_id, {"model_name": None, "state": {}})
        name, state = model["model_name"], model["state"]
        if name in CHOICE_MODELS:
            return [
                {"index": i}
                for i in range(len(state.get("_options_labels", [])))
                if i != state.get("index")
            ]
        if name == "SelectMultipleModel":
            return [
                {"index": list(range(i + 1))}
                for i in range(len(state.get("_options_labels", [])))
                if list(range(i + 1)) != list(state.get("index", []))
            ]
        if name in NUMBER_MODELS and name.startswith("Int"):
            step = max(1, (state["max"] - state["min"]) // 24)
            return [
                {"value": v}
                for v in range(state["min"], state["max"] + 1, step)
                if v != state["value"]
            ]
        if name in RANGE_MODELS and name.startswith("Int"):
            low, high = state["value"]
            return [
                {"value": [low + k, high + k]}
                for k in range(state["min"] - low, state["max"] - high + 1)
                if k
            ]
        if name in ("CheckboxModel", "ToggleButtonModel"):
            return [{"value": not state["value"]}]
        return []

    def _moves(self, controls: list[str]) -> list[tuple[str, dict]]:
        """A walk through the views of the two controls with the most values, changing one
        control at a time, so that every change shows a combination not seen before
        (the widget remembers views it has drawn, and showing one again costs nothing)."""
        first, *rest = sorted(controls, key=lambda c: len(self._states(c)), reverse=True)
        along = [self.models[first]["state"]] + self._states(first)
        across = self._states(rest[0]) if rest else []
        moves = []
        for step, other in enumerate([None, *across]):
            if other is not None:
                moves.append((rest[0], other))
            states = along[1:] if step % 2 == 0 else along[-2::-1]
            moves += [
                (first, {key: s[key] for key in ("index", "value") if key in s}) for s in states
            ]
        return [(comm_id, state) for comm_id, state in moves if state]

    async def change(self, widget: Widget, timeout: float = 60) -> float | None:
        """Send the widget's next move; milliseconds until its new chart arrived (None: none
        within ``timeout``)."""
        control, state = widget.moves[widget.shown % len(widget.moves)]
        widget.shown += 1
        self._outputs[widget.output] = asyncio.get_running_loop().create_future()
        started = time.perf_counter()
        self._send(
            "comm_msg",
            {"comm_id": control, "data": {"method": "update", "state": state, "buffer_paths": []}},
        )
        try:
            arrived = await asyncio.wait_for(self._outputs[widget.output], timeout)
        except asyncio.TimeoutError:
            return None
        finally:
            del self._outputs[widget.output]
        return 1000 * (arrived - started)
