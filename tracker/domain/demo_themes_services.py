"""Demonstration wording for items about services: transport, transition, SEND, health,
social care, alternative provision and absence."""

from __future__ import annotations

from tracker.domain.demo_phrases import Theme

SERVICE_THEMES: tuple[Theme, ...] = (
    Theme(
        "transport",
        r"transport|\btravel\b",
        ("the home to school transport review", "the travel support offer"),
        (
            "Reviewed {n} routes with Dorset Travel and agreed changes to pick-up times.",
            "Checked entitlement for {schools} families flagged by schools; {n} were not using "
            "transport they were entitled to and have now been offered it.",
            "Ran {n} travel training sessions for pupils moving to new settings.",
        ),
        (
            ("Transport entitlement check, {month}", "transport/entitlement-check"),
            ("Route review notes with Dorset Travel", "transport/route-review"),
        ),
        (
            "Pupils on the changed routes arrive before registration instead of missing the "
            "first session.",
            "Families who were paying for their own transport now have a place on a route.",
        ),
        (
            "Share the entitlement checklist with school office teams.",
            "Agree the next set of route changes with Dorset Travel.",
        ),
        (
            "a shortage of drivers has delayed two new routes",
            "the contract retender has paused route changes",
        ),
    ),
    Theme(
        "transition",
        r"transition",
        ("the transition guidance", "enhanced transition planning"),
        (
            "{schools} schools now use the shared transition plan template for vulnerable pupils.",
            "Held {n} transition meetings between primary and secondary attendance leads.",
            "Added a transition section to the locality network agenda for the {month} meeting.",
        ),
        (
            ("Transition guidance, version 2", "transition/guidance-v2"),
            ("Transition plan template", "transition/plan-template"),
        ),
        (
            "Pupils with enhanced plans settled faster: fewer absences in their first half term.",
            "Families said they knew who to contact at the new school before the move.",
        ),
        (
            "Collect September attendance for pupils with enhanced plans.",
            "Run the transition training for Year 6 teachers.",
        ),
        (
            "not every secondary school has named a transition lead",
            "information from some feeder schools arrives too late to plan",
        ),
    ),
    Theme(
        "send",
        r"\bsend?\b|autism|inclusion hubs|speech|\bsrp\b|balance system",
        ("the inclusion hubs", "the SEND attendance work"),
        (
            "{n} schools have completed the autism in schools self-review.",
            "Screened {schools} pupils with the Balance System; {n} referred for support.",
            "Agreed the admission criteria for the hubs with {partner}.",
        ),
        (
            ("Project report, {month}", "send/project-report"),
            ("Hub admissions criteria", "send/hub-admissions"),
        ),
        (
            "Pupils with SEND in the project schools had fewer suspensions and better attendance.",
            "Parents of pupils in the hubs report their child is keen to come to school.",
        ),
        (
            "Extend the project to the next group of schools.",
            "Review attendance of pupils placed in the hubs this term.",
        ),
        (
            "building work for two hubs is behind schedule",
            "recruitment of specialist staff has been slow",
        ),
    ),
    Theme(
        "health",
        r"health|medical|mental|\bsemh\b|\bebsa\b|young carers|\bnhs\b",
        ("the health and education pathway", "the mental health support offer"),
        (
            "Mental Health Support Teams now cover {schools} schools.",
            "The medical panel reviewed {n} cases and agreed plans for each.",
            "Ran {n} joint sessions with {partner} on emotionally based school avoidance.",
        ),
        (
            ("Panel review notes, {month}", "health/panel-review"),
            ("Mental Health Support Team coverage", "health/mhst-coverage"),
        ),
        (
            "Pupils with health needs have a plan within weeks rather than a term.",
            "Families of anxious pupils say they feel listened to and supported.",
        ),
        (
            "Agree the referral form with NHS Dorset.",
            "Report panel outcomes to the next Strengthening Services Board.",
        ),
        (
            "NHS staffing gaps have delayed the roll-out to {n} schools",
            "waiting times for assessment are still long",
        ),
    ),
    Theme(
        "social_care",
        r"social worker|child in need|child protection|designated|dip-sampling",
        ("the attendance work with social care", "the Virtual School's attendance support"),
        (
            "Dip-sampled {n} plans; attendance was addressed in {pct}% of them.",
            "Trained {schools} designated teachers on promoting attendance.",
            "Matched school attendance data with social care records for {schools} children.",
        ),
        (
            ("Dip-sample findings, {month}", "social-care/dip-sample"),
            ("Designated teacher training record", "social-care/designated-teachers"),
        ),
        (
            "Children with a social worker are missed less often: plans now include attendance.",
            "Social workers and schools share one picture of each child's attendance.",
        ),
        (
            "Repeat the dip-sample next term to check the change has held.",
            "Add attendance to the child in need plan template.",
        ),
        (
            "the data sharing agreement is not yet signed",
            "social care caseloads are high after staff turnover",
        ),
    ),
    Theme(
        "provision",
        r"alternative provision|\(ap\)|\bav1\b|learning centre|therapeutic",
        ("the alternative provision offer", "the short-stay support"),
        (
            "{n} pupils used an AV1 robot to join lessons while unable to attend in person.",
            "Mapped the alternative provision places across Dorset with {partner}.",
            "Agreed a short intervention model with {n} settings, with a plan to return to "
            "school for every pupil.",
        ),
        (
            ("Alternative provision map, {month}", "provision/map"),
            ("Short intervention model", "provision/short-intervention-model"),
        ),
        (
            "Pupils placed for short interventions are back in their own school within a term.",
            "Pupils unable to attend in person stay connected with their class and friends.",
        ),
        (
            "Quality-assure the settings used for short placements.",
            "Agree funding for more AV1 devices.",
        ),
        (
            "there are not enough places in the east of the county",
            "two settings have closed their waiting lists",
        ),
    ),
    Theme(
        "absence",
        r"sever|persistent|pupil premium|free school meals|funding|alliance|acknowledged",
        ("the work on severe absence", "the locality attendance panel"),
        (
            "Every severely absent pupil in {schools} schools now has a named lead and a plan.",
            "The panel reviewed {n} cases and agreed parenting contracts for {n} families.",
            "Used locality funding for {n} attendance mentors in the schools with most need.",
        ),
        (
            ("Panel decisions log, {month}", "absence/panel-log"),
            ("Severe absence plans audit", "absence/plan-audit"),
        ),
        (
            "{pct}% of pupils with a plan attended more this term than last.",
            "Families on parenting contracts say they know what is expected and what help "
            "there is.",
        ),
        (
            "Check every plan has a review date this term.",
            "Share the panel's approach with the other localities.",
        ),
        (
            "the number of severely absent pupils has risen faster than plans can be made",
            "schools are waiting too long for a panel date",
        ),
    ),
)
