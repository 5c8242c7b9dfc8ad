"""The controlled vocabularies of the scenario schema (domain.md §1.5), with translated labels."""

from __future__ import annotations

from codesign.i18n import lazy_gettext as _l

SERVICE_SETTINGS = {
    "housing_intake": _l("Housing options and intake"),
    "tenancy_support": _l("Tenancy support, repairs and disputes"),
    "emergency_shelter": _l("Shelters and temporary accommodation"),
    "health_navigation": _l("Health navigation and appointments"),
    "primary_care_reception": _l("GP or clinic front desk"),
    "hospital_discharge": _l("Hospital discharge and follow-up"),
    "mental_health_intake": _l("Mental health access"),
    "maternal_child_health": _l("Maternity and child health"),
    "pharmacy": _l("Community pharmacy"),
    "benefits_social_security": _l("Benefits and social security"),
    "employment_services": _l("Employment services"),
    "school_enrolment": _l("School admissions and enrolment"),
    "early_childhood_education": _l("Nurseries and early years"),
    "adult_education": _l("Adult learning and language classes"),
    "child_family_services": _l("Family support and children's services"),
    "gender_based_violence_services": _l("Domestic and sexual violence services"),
    "legal_aid_intake": _l("Legal advice and legal aid"),
    "police_front_desk": _l("Police front counter"),
    "victim_support": _l("Victim support"),
    "civil_registration": _l("Civil registration and documents"),
    "library_community_centre": _l("Libraries and community centres"),
    "other": _l("Other setting"),
}

TARGET_ROLES = {
    "frontline_intake_staff": _l("Frontline intake staff"),
    "receptionist": _l("Receptionist"),
    "housing_worker": _l("Housing worker"),
    "health_navigator": _l("Health navigator"),
    "community_health_worker": _l("Community health worker"),
    "nurse": _l("Nurse"),
    "doctor": _l("Doctor"),
    "pharmacist": _l("Pharmacist"),
    "social_worker": _l("Social worker"),
    "caseworker": _l("Caseworker"),
    "benefits_officer": _l("Benefits officer"),
    "employment_adviser": _l("Employment adviser"),
    "school_admin_staff": _l("School office staff"),
    "teacher": _l("Teacher"),
    "early_years_practitioner": _l("Early years practitioner"),
    "police_staff": _l("Police staff"),
    "victim_support_worker": _l("Victim support worker"),
    "legal_aid_staff": _l("Legal aid staff"),
    "interpreter_coordinator": _l("Interpreter coordinator"),
    "supervisor_manager": _l("Supervisor or manager"),
    "volunteer": _l("Volunteer"),
    "community_mentor": _l("Community mentor"),
}

COMPETENCIES = {
    "C01": _l("Active listening"),
    "C02": _l("Nonverbal communication"),
    "C03": _l("Bias awareness and perspective-taking"),
    "C04": _l("Working with interpreters"),
    "C05": _l("Plain language and checking understanding"),
    "C06": _l("Trauma-informed practice"),
    "C07": _l("Confidentiality and asking only what is needed"),
    "C08": _l("Safeguarding and referral"),
    "C09": _l("Rights and non-discrimination"),
    "C10": _l("Documents and administrative barriers"),
    "C11": _l("Shared decision-making"),
    "C12": _l("Responding to distress"),
    "C13": _l("Cultural humility and reflection"),
    "C14": _l("Accessibility and adjustments"),
    "C15": _l("Community partnership and referral"),
}

FORMATS = {
    "triad_roleplay": _l("Role-play in threes"),
    "small_group_roleplay": _l("Small-group role-play"),
    "fishbowl": _l("Fishbowl"),
    "forum_replay": _l("Forum replay"),
    "pair_practice": _l("Practice in pairs"),
    "simulated_client": _l("Trained actor as client"),
    "micro_bite": _l("Short practice"),
}

DIFFICULTIES = {
    "introductory": _l("Introductory"),
    "intermediate": _l("Intermediate"),
    "advanced": _l("Advanced"),
}

THEMES = {
    "language_barrier": _l("Language barrier"),
    "document_mismatch": _l("Document mismatch"),
    "fear_of_authorities": _l("Fear of authorities"),
    "housing_insecurity": _l("Housing insecurity"),
    "financial_hardship": _l("Financial hardship"),
    "health_literacy": _l("Health literacy"),
    "digital_exclusion": _l("Digital exclusion"),
    "interrupted_education": _l("Interrupted education"),
    "discrimination_experienced": _l("Discrimination"),
    "family_separation": _l("Family separation"),
    "caring_responsibilities": _l("Caring responsibilities"),
    "disability_access": _l("Disability access"),
    "religious_or_dietary_needs": _l("Religious or dietary needs"),
    "gender_based_violence_risk": _l("Risk of gender-based violence"),
    "exploitation_risk": _l("Risk of exploitation"),
    "precarious_work": _l("Precarious work"),
    "social_isolation": _l("Social isolation"),
}

MIGRATION_CONTEXTS = (
    "recently_arrived", "long_term_resident", "refugee_or_protection_status", "asylum_process_ongoing",
    "family_reunion", "labour_migration", "international_student", "mixed_status_household",
    "undocumented_or_irregular", "stateless_or_undetermined_nationality", "unaccompanied_child",
    "returning_resident", "born_locally_to_migrant_parents", "not_specified",
)

CONTENT_WARNING_KINDS = {
    "violence_mentioned": _l("Violence"),
    "sexual_violence": _l("Sexual violence"),
    "domestic_abuse": _l("Domestic abuse"),
    "child_safeguarding": _l("Child safeguarding"),
    "self_harm_or_suicide": _l("Self-harm or suicide"),
    "death_or_bereavement": _l("Death or bereavement"),
    "detention_or_deportation": _l("Detention or deportation"),
    "war_or_persecution": _l("War or persecution"),
    "racism_or_discriminatory_language": _l("Racism or discriminatory language"),
    "police_or_enforcement": _l("Police or enforcement"),
    "medical_procedures": _l("Medical procedures"),
    "pregnancy_or_pregnancy_loss": _l("Pregnancy or pregnancy loss"),
    "homelessness_or_eviction": _l("Homelessness or eviction"),
    "family_separation": _l("Family separation"),
    "exploitation_or_trafficking": _l("Exploitation or trafficking"),
    "financial_hardship": _l("Financial hardship"),
    "hunger_or_destitution": _l("Hunger or destitution"),
    "mental_health_crisis": _l("Mental health crisis"),
}

CONTENT_WARNING_INTENSITIES = ("mentioned", "discussed", "central")
INTERPRETER_MODES = ("none_needed", "in_person", "telephone", "video", "sign_language", "relay")
INTERPRETER_PLAYED_BY = ("participant", "facilitator", "trained_interpreter", "actor", None)
AD_HOC_INTERPRETERS = ("none", "adult_family_member", "child", "friend", "bilingual_staff_untrained",
                       "other_service_user")
TRANSLATION_STATUSES = ("machine_draft", "human_translated", "revised", "back_translated", "community_checked",
                        "outdated")
SOURCE_TYPES = ("listening_session_insight", "council_contribution", "organisation_case_pattern",
                "staff_experience", "published_research")
CONSENT_STATUSES = ("not_applicable", "pending", "granted_anonymous", "granted_with_attribution", "granted_limited",
                    "withdrawn", "expired")
CONSENT_SCOPES = ("themes_only", "paraphrase", "quote")
DEBRIEF_MODELS = ("pearls", "die_dae", "gibbs", "plus_delta", "gas")
PLAYED_BY = ("learner", "participant", "facilitator", "interpreter", "actor")
MICRO_BITE_TYPES = ("drill", "reflection", "quiz")

# The languages a scenario may be written in: the interface languages, and others by BCP 47 code.
SECTIONS = (
    "Situation",
    "Characters",
    "Stages and branch points",
    "Facilitator notes",
    "Debrief",
    "Rubric",
    "Provenance",
)
OPTIONAL_SECTIONS = ("Micro-bites",)

SECTION_LABELS = {
    "Situation": _l("Situation"),
    "Characters": _l("Characters"),
    "Stages and branch points": _l("Stages and branch points"),
    "Facilitator notes": _l("Facilitator notes"),
    "Debrief": _l("Debrief"),
    "Rubric": _l("Rubric"),
    "Provenance": _l("Provenance"),
    "Micro-bites": _l("Micro-bites"),
}

SECTION_HELP = {
    "Situation": _l("A short, real-feeling incident: who comes to the desk, why, and what makes it hard. "
                    "No real names."),
    "Characters": _l("Each person in the role-play: what they want, know and worry about. Say what role-players must "
                     "not do, for example invent a trauma history."),
    "Stages and branch points": _l("The scene in steps. For each step, how a character responds to what the staff "
                                   "member does. Mark moments where the facilitator may pause."),
    "Facilitator notes": _l("How to open safely (stop signal, observer role), the key points, what to check locally, "
                            "and how players step out of role."),
    "Debrief": _l("Questions for after the role-play: feelings, what happened, why, and what to do differently."),
    "Rubric": _l("A table: what the observer looks for, at three levels. Put competency codes such as (C04) in the "
                 "first column."),
    "Provenance": _l("Where the experience comes from, in plain words, and the consent given. Never name a person."),
    "Micro-bites": _l("Optional: short 5 to 10 minute practice exercises."),
}

# The plain-language hint's words (codesign.scenarios.readability returns keys).
READABILITY_FORMULAS = {
    "flesch_reading_ease": _l("Flesch reading ease"),
    "szigriszt_pazos": _l("Szigriszt-Pazos (INFLESZ scale)"),
    "kandel_moles": _l("Kandel-Moles"),
}
READABILITY_LEVELS = {
    "very_easy": _l("very easy"),
    "easy": _l("easy"),
    "fairly_easy": _l("fairly easy"),
    "standard": _l("standard"),
    "fairly_difficult": _l("fairly difficult"),
    "difficult": _l("difficult"),
    "very_difficult": _l("very difficult"),
}
READABILITY_REASONS = {
    "no_formula": _l("There is no tested readability formula for this language; the sentence and word hints "
                     "still help."),
    "not_implemented": _l("Codesign does not compute the readability formula for this language yet."),
    "too_short": _l("The text is too short for a readability score (at least 100 words of prose)."),
}

AMENDMENT_STATUSES = {
    "open": _l("Waiting for a decision"),
    "accepted": _l("Accepted"),
    "declined": _l("Declined"),
}

# The stages of a scenario's life (product.md); the transitions between them belong to the lifecycle.
STATES = {
    "draft": _l("Draft"),
    "community_review": _l("Community review"),
    "council_decision": _l("Council decision"),
    "expert_review": _l("Expert review"),
    "changes_requested": _l("Changes requested"),
    "approved": _l("Approved"),
    "published": _l("Published"),
    "superseded": _l("Superseded"),
    "retired": _l("Retired"),
    "withdrawn": _l("Withdrawn"),
    "rejected": _l("Rejected"),
}

# The lifecycle steps people take from a draft's page (the others come from votes and reviews).
STEP_LABELS = {
    "submit": _l("Submit for community review"),
    "request_changes": _l("Ask the authors for changes"),
    "withdraw": _l("Withdraw this draft"),
}
