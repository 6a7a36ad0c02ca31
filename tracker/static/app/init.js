// Starts the GOV.UK Frontend components. Every page also works without it.
import { initAll } from "../govuk-frontend/govuk-frontend.min.js";

initAll();
