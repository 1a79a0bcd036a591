# What each chapter's first code cell should run, after its Colab block: stop with one
# clear sentence when the Jupyter it runs in lacks the book's requirements (a school hub
# whose user environment was set up without requirements.txt, a kernel from another
# environment), instead of a ModuleNotFoundError traceback in the next cell.
# tests/test_hub.py runs this code in a kernel without the requirements.
import importlib.util

_missing = [
    name
    for name in ("pandas", "numpy", "matplotlib", "ipywidgets", "bookkit")
    if importlib.util.find_spec(name) is None
]
if _missing:

    class MissingRequirements(Exception):
        def _render_traceback_(self):  # IPython shows these lines instead of a traceback
            return [str(self)]

    raise MissingRequirements(
        "This notebook cannot run here: this Jupyter lacks the book's requirements "
        f"({', '.join(_missing)} "
        "missing). On your own computer, install them from the book's folder with "
        "`pip install -r requirements.txt` (see the README). On a school JupyterHub, ask the hub's "
        "administrator to install the book's requirements.txt into the hub's user environment "
        "(see the appendix 'The book on a JupyterHub')."
    )
