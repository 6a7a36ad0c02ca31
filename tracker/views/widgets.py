"""Small additions to the GOV.UK form widgets."""

from govuk_frontend_wtf.wtforms_widgets import GovRadioInput


class GovRadioWithHints(GovRadioInput):
    """Radios whose options each carry a hint: a status with its written definition."""

    def __init__(self, hints: dict[str, str]) -> None:
        super().__init__()
        self.hints = hints

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        for item in params["items"]:
            if item.get("value") in self.hints:
                item["hint"] = {"text": self.hints[item["value"]]}
        return params
