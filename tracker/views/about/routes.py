"""The accessibility statement and privacy notice: public, as public-sector sites must be."""

from flask import Blueprint, render_template

from tracker.access import public

bp = Blueprint("about", __name__)


@bp.get("/accessibility")
@public
def accessibility():
    return render_template("about/accessibility.html")


@bp.get("/privacy")
@public
def privacy():
    return render_template("about/privacy.html")
