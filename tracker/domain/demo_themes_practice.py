"""Demonstration wording for items about practice: families, training, guidance,
communication, networks and data, and wording for anything else."""

from __future__ import annotations

from tracker.domain.demo_phrases import Theme

PRACTICE_THEMES: tuple[Theme, ...] = (
    Theme(
        "training",
        r"\bcpd\b|training|train\b",
        ("the training programme", "the CPD sessions"),
        (
            "Delivered {n} sessions to {schools} colleagues; feedback averaged 4.{n} out of 5.",
            "Recorded the core module so new staff can complete it online.",
            "Agreed dates for the next round of sessions with {partner}.",
        ),
        (
            ("Training feedback summary, {month}", "training/feedback-summary"),
            ("Session slides and resources", "training/session-resources"),
        ),
        (
            "Staff who attended are referring earlier, before absence becomes persistent.",
            "Schools report more consistent conversations with families about attendance.",
        ),
        (
            "Run the advanced module for Inclusion Leads.",
            "Follow up with schools that have not yet booked a place.",
        ),
        (
            "take-up from secondary schools is below {pct}% of places",
            "two trainers are on long-term leave",
        ),
    ),
    Theme(
        "networks",
        r"network|conference|task force|meetings|forum|avenues",
        ("the locality networks", "the multi-agency attendance group"),
        (
            "The {month} meeting was attended by {schools} senior leaders.",
            "Terms of reference agreed with {partner}.",
            "Shared {n} examples of good practice from schools with improving attendance.",
        ),
        (
            ("Meeting minutes, {month}", "networks/minutes"),
            ("Terms of reference", "networks/terms-of-reference"),
        ),
        (
            "Schools are adopting approaches that worked elsewhere, such as first-day calls.",
            "Partners now raise attendance concerns earlier and through one route.",
        ),
        (
            "Plan the next meeting's focus on persistent absence.",
            "Invite {partner} to present at the next meeting.",
        ),
        (
            "attendance from secondary schools has dropped",
            "the venue for the spring meetings is no longer available",
        ),
    ),
    Theme(
        "guidance",
        r"guidance|toolkit|polic|processes|part-time|audit|plans across",
        ("the attendance guidance", "the Dorset Inclusion Toolkit"),
        (
            "Published the revised chapter on part-time timetables after consultation with "
            "{schools} schools.",
            "Audited {n} school attendance policies against the guidance.",
            "Worked with {partner} to check the processes match statutory guidance.",
        ),
        (
            ("Dorset attendance guidance (PDF)", "guidance/attendance-guidance.pdf"),
            ("Policy audit findings, {month}", "guidance/policy-audit"),
        ),
        (
            "Schools follow one process, so families get the same response wherever they live.",
            "Fewer pupils are on part-time timetables without a review date.",
        ),
        (
            "Publish the next chapter and tell schools through the bulletin.",
            "Repeat the policy audit with the schools that had gaps.",
        ),
        (
            "statutory guidance changed and the draft needs rework",
            "legal review of the new chapter is taking longer than planned",
        ),
    ),
    Theme(
        "communication",
        r"bulletin|campaign|social media|communication|sharing|case stud",
        ("the attendance campaign", "the bulletin updates"),
        (
            "Published attendance articles in {n} editions of the education bulletin.",
            "The campaign posts reached {schools},000 people across Dorset.",
            "Wrote {n} case studies with schools and families.",
        ),
        (
            ("Bulletin articles, {month}", "communications/bulletin"),
            ("Campaign reach report", "communications/campaign-reach"),
        ),
        (
            "More parents contact schools early when their child is struggling to attend.",
            "Schools use the campaign materials in their own newsletters.",
        ),
        (
            "Plan the spring campaign around the return after the holidays.",
            "Ask schools which case studies they found most useful.",
        ),
        (
            "the communications team has no capacity until the new year",
            "the campaign budget has not been confirmed",
        ),
    ),
    Theme(
        "families",
        r"parent|famil|communit|voice|mentor|champion|aspiration|traveller|early help",
        ("the family support offer", "the community champions"),
        (
            "Recruited {n} community champions and matched them with families.",
            "Heard from {schools} parents and young people through surveys and focus groups.",
            "Ran parent drop-ins with {partner} in {n} localities.",
        ),
        (
            ("What families told us, {month}", "families/what-families-told-us"),
            ("Champions programme summary", "families/champions"),
        ),
        (
            "Families supported by a champion saw attendance rise by about {n} percentage points.",
            "Young people's views have changed how schools plan returns after absence.",
        ),
        (
            "Recruit champions for the remaining localities.",
            "Feed back to families on what has changed because of their views.",
        ),
        (
            "fewer volunteers came forward than planned",
            "some families are reluctant to engage with services",
        ),
    ),
    Theme(
        "data",
        r"\bdata\b|dashboard|orchestra",
        ("the attendance data work", "the inclusion dashboard"),
        (
            "{pct}% of schools now send daily attendance data.",
            "Added persistent and severe absence views to the dashboard.",
            "Trained {n} Inclusion Leads to use the dashboard in school visits.",
        ),
        (
            ("Dashboard release notes, {month}", "data/dashboard-release"),
            ("Data sharing coverage", "data/coverage"),
        ),
        (
            "Inclusion Leads spot pupils at risk weeks earlier than from termly returns.",
            "Schools can compare their attendance with similar schools.",
        ),
        (
            "Follow up with the schools not yet sharing data.",
            "Add a view for children with a social worker.",
        ),
        (
            "{n} schools' management systems cannot send data yet",
            "the supplier's update has been delayed",
        ),
    ),
    Theme(
        "general",
        r".",
        ("this action", "the agreed approach"),
        (
            "Agreed the delivery plan with {partner}.",
            "Worked with {schools} schools on the approach this term.",
            "Reviewed progress at the {month} meeting of the attendance task force.",
        ),
        (
            ("Progress note, {month}", "progress/note"),
            ("Delivery plan", "progress/delivery-plan"),
        ),
        (
            "Schools involved report better attendance among the pupils targeted.",
            "Children and families get help sooner and from fewer people.",
        ),
        (
            "Extend the approach to more schools.",
            "Report progress to the Education Board.",
        ),
        (
            "capacity in the team is stretched",
            "a key partner has changed priorities",
        ),
    ),
)
