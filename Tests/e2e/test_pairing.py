"""Pairing in a real browser: an unpaired browser gets no kiosk, the pairing link pairs once, and a kiosk
that is revoked keeps its residents' ratings until it is paired again."""

import subprocess

from selenium.webdriver.common.by import By

from conftest import _ORIGINS


def _kiosks(server, *args: str) -> str:
    res = subprocess.run([str(server.binary), "kiosks", *args, "--data", str(server.data)],
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, f"kiosk kiosks {args[0]} exited {res.returncode}: {res.stderr}"
    return res.stdout


def _body(driver) -> str:
    return driver.find_element(By.TAG_NAME, "body").text


def test_an_unpaired_browser_sees_the_not_paired_page(driver, server, locales):
    _ORIGINS.add(server.base_url)
    driver.get(server.base_url + "/?kiosk=kiosk-1")
    text = _body(driver)
    assert locales["vi"]["pairing.title"] in text
    assert locales["en"]["pairing.title"] in text
    assert locales["vi"]["pairing.kiosk"].replace("{kiosk}", "kiosk-1") in text
    assert driver.find_elements(By.ID, "app") == []          # no kiosk page, no kiosk script
    assert driver.execute_script("return document.documentElement.lang") == "vi"


def test_the_pairing_link_pairs_this_browser_once(page, fresh_server, locales):
    link, _ = fresh_server.add_kiosk("kiosk-2")
    _ORIGINS.add(fresh_server.base_url)
    page.driver.get(link)
    page.wait_screen("home")
    assert page.driver.current_url == fresh_server.base_url + "/?kiosk=kiosk-2"
    cookie = page.driver.get_cookie("kiosk_device")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    page.rate("satisfied")
    row = fresh_server.rating(page.wait_thanks(saved=True))
    assert (row["kiosk"], row["counter"]) == ("kiosk-2", "Q03")

    # Another browser (here: this one without its cookie) cannot use the link again.
    page.driver.delete_all_cookies()
    page.driver.get(link)
    text = _body(page.driver)
    assert locales["vi"]["pairing.link_title"] in text and locales["en"]["pairing.link_title"] in text
    assert page.driver.get_cookie("kiosk_device") is None


def test_a_revoked_kiosk_keeps_its_ratings_until_it_is_paired_again(page, fresh_server, locales):
    page.open(fresh_server, kiosk="kiosk-2")
    _kiosks(fresh_server, "revoke", "kiosk-2")

    page.rate("very_satisfied")
    rating_id = page.wait_thanks(saved=False)
    later = page.el("#thanks-later")
    assert later.is_displayed() and later.text == locales["vi"]["pairing.kept"]
    assert [item["id"] for item in page.outbox()] == [rating_id]
    status = page.el("#outbox-status")
    page.wait(lambda: status.is_displayed() and status.text == locales["vi"]["pairing.waiting"].replace("{count}", "1"),
              message="the status line does not say the kiosk is not paired")
    assert fresh_server.ratings() == []

    # Paired again (a new link, opened in the same browser): the kept rating is sent, once.
    out = _kiosks(fresh_server, "add", "kiosk-2", "--content", str(fresh_server.content), "--base", fresh_server.base_url)
    link = next(line.split(": ", 1)[1] for line in out.splitlines() if line.startswith("pairing link: "))
    page.driver.get(link)
    page.wait_screen("home")
    page.wait(lambda: fresh_server.rating(rating_id) is not None, message="the kept rating was not sent after pairing")
    page.wait(lambda: page.outbox() == [])
    row = fresh_server.rating(rating_id)
    assert (row["main_choice"], row["kiosk"]) == ("very_satisfied", "kiosk-2")
    assert len(fresh_server.ratings()) == 1
    assert not page.el("#outbox-status").is_displayed()
