"""Indicator pages in Chromium: the list, an indicator's trend, the manual value form."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_no_axe_violations

pytestmark = pytest.mark.browser


def open_page(page: Page, path: str, *, status: int = 200) -> Page:
    response = page.goto(path)
    assert response is not None
    assert response.status == status, f"{path} answered {response.status}"
    return page


def test_indicator_list(page: Page) -> None:
    open_page(page, "/indicators?period=2020-21")
    expect(page.locator("main h1")).to_contain_text("Outcome indicators")
    expect(page.get_by_role("heading", name=re.compile("^Priority 1:"))).to_be_visible()
    first = page.locator("main table").first
    expect(first.locator("caption")).to_contain_text("Outcome 1.1")
    absence = page.locator("main table", has_text="Outcome 1.7").locator("tbody tr").first
    expect(absence).to_contain_text("Overall absence rate, all pupils")
    expect(absence).to_contain_text("England: 4.62%")
    expect(absence.locator(".govuk-tag")).to_have_text("Amber")
    assert_no_axe_violations(page)


def test_choosing_another_period(page: Page) -> None:
    open_page(page, "/indicators")
    page.get_by_label("Period").select_option(label="2018/19, whole year")
    page.get_by_role("button", name="Show indicators").click()
    expect(page.locator("main h1")).to_contain_text("2018/19, whole year")


def test_indicator_page_with_chart_and_table(page: Page) -> None:
    open_page(page, "/indicators/overall-absence")
    expect(page.locator("main h1")).to_have_text("Overall absence rate, all pupils")
    chart = page.get_by_role("img", name=re.compile("by academic year"))
    expect(chart).to_be_visible()
    table = page.locator("table", has_text="values by academic year")
    row = table.locator("tbody tr", has_text="2020/21")
    expect(row).to_contain_text("4.57%")
    expect(row).to_contain_text("4.62%")
    assert_no_axe_violations(page)


def test_manual_value_form_shows_errors_then_saves(page: Page) -> None:
    open_page(page, "/indicators/inclusion-panels-consistent/values")
    expect(page.locator("main h1")).to_have_text("Enter a value")
    assert_no_axe_violations(page)
    page.get_by_label("Value").fill("several")
    page.get_by_role("button", name="Save value").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select the term the value is for")
    expect(summary).to_contain_text("Enter the value as a number")
    expect(page).to_have_title(re.compile("^Error: "))
    assert_no_axe_violations(page)
    page.get_by_label("Term").select_option(label="Spring term 2023/24")
    page.get_by_label("Value").fill("5")
    page.get_by_label("Evidence").fill("Panels in five localities follow the terms of reference.")
    page.get_by_role("button", name="Save value").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("saved")
    expect(page.locator("main")).to_contain_text("Spring term 2023/24: 5 localities")
    assert_no_axe_violations(page)
