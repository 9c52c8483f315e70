// Runs in <head>, before the first paint: marks the page as scripted, so that the phone header
// is folded from the start instead of folding when header.js runs at the end of the page (a
// layout shift). Inlined into every page (theme/base.html); the CSP allows it by its hash
// (generator/theme_bundle.py computes it, deploy/nginx/doingoai.conf.j2 lists it).
document.documentElement.classList.add("js");
