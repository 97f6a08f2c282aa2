"""The kiosk page's scripts are plain ES modules served by the app (no build step), one per concern, none
over 500 lines; its style sheets likewise; they load under the content-security policy without an error."""

from pathlib import Path

PUBLIC = Path(__file__).resolve().parents[2] / "Sources" / "KioskServer" / "Resources" / "Public"


def test_no_kiosk_script_or_style_sheet_is_over_500_lines():
    files = sorted(PUBLIC.glob("*.js")) + sorted(PUBLIC.glob("kiosk/*.js")) + sorted(PUBLIC.glob("*.css"))
    assert len(files) > 12
    long = {f.name: n for f in files if (n := len(f.read_text(encoding="utf-8").splitlines())) > 500}
    assert long == {}


def test_the_page_loads_its_modules_under_the_csp(page, server):
    page.open(server, kiosk="kiosk-2")
    assert page.js("return document.querySelector('script[src=\"/static/kiosk.js\"]').type") == "module"
    loaded = page.js("return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)")
    modules = {"/static/kiosk.js", "/static/flow.js"} | {f"/static/kiosk/{f.name}" for f in (PUBLIC / "kiosk").glob("*.js")}
    assert modules <= set(loaded)
    errors = [e for e in page.driver.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
    page.rate("satisfied")
    page.wait_thanks(saved=True)
