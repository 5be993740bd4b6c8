// domainscope glossary: a plain-language explanation and the formula of
// every measure the explorer shows, as the README defines them. term()
// writes a measure's name as a button: hovering or focusing it shows the
// explanation, clicking it opens the glossary panel at that entry.
"use strict";
(function () {
  // key: [name, plain explanation, formula (may be "")]
  const TERMS = {
    relatedness: ["Relatedness", "How much more two industries are linked than chance would give: workers move between them (or patents combine them) more often than if they chose at random. 0 means as expected; a link counts as related above the threshold.",
      "R_ij = F_ij · F_·· / (F_i· · F_·j) (observed ÷ expected flows; Neffke & Henning 2013); value = (R − 1) / (R + 1), in [−1, 1)"],
    count: ["Count (evidence)", "The observations behind a link: job moves between the two industries in both directions, or co-occurrences. In the UK data counts under 10 were not released, so small flows are missing, not zero.",
      "C_ij = F_ij + F_ji"],
    strength: ["Strength", "How strongly an industry is tied to all the others: the sum of the relatedness of all its links on the selected layers. High strength = many or strong related industries.",
      "s_i = Σ_j w_ij (weighted degree)"],
    employment: ["Employment", "Jobs in the industry (in the region, on a regional view), from the loaded regional data.", ""],
    domain: ["Knowledge domain", "A group of industries that are more related to each other than to the rest: a community found in the relatedness graph (Louvain with Leiden refinement), which can cut across traditional sectors.",
      "maximises modularity Q"],
    modularity: ["Modularity", "How clearly the graph splits into the domains found: the share of link weight inside domains minus what random links of the same strengths would put there. Above about 0.3 is a clear structure.",
      "Q = 1/(2m) Σ_ij [A_ij − γ k_i k_j / (2m)] δ(c_i, c_j) (Newman & Girvan 2004), γ = resolution"],
    resolution: ["Resolution", "The granularity of the domains: above 1 gives more, smaller domains; below 1 fewer, larger ones.", "γ in the modularity Q"],
    seed: ["Seed", "The random seed of the domain detection; another seed can give slightly different domains (see stability).", ""],
    threshold: ["Threshold", "Links whose relatedness is at or below it are left out. The default is the layer's own (0: no more than expected).", "edge when value > threshold"],
    stability: ["Stability", "How reliably a domain's members are found together when the detection is rerun with other seeds: 1 = always together. For an industry: the share of its co-members it stays with.",
      "share of member pairs assigned to the same domain across runs (co-assignment; Lancichinetti & Fortunato 2012)"],
    "sector-mix": ["Sector mix", "How evenly a domain's members spread over traditional sectors: 0 = all in one sector, 1 = as spread as possible.",
      "H = −Σ_s p_s log2 p_s normalised by log2(min(members, sectors))"],
    "domain-density": ["Density (domain)", "The share of pairs of members that are directly linked: 1 = every member related to every other.",
      "2 E_in / (n (n − 1))"],
    conductance: ["Conductance", "The share of a domain's link weight that leaves it: 0 = closed, 1 = all outward.",
      "φ = cut(S, V∖S) / min(vol S, vol V∖S)"],
    "candidate-score": ["Candidate score", "Ranks candidate cross-sector domains: high for domains that span several sectors, keep most of their links inside and are well connected internally.",
      "sector mix × (1 − conductance) × √density"],
    betweenness: ["Betweenness", "How often an industry lies on the strongest paths between other industries: a broker between parts of the graph.",
      "Σ_{s≠t≠i} σ_st(i) / σ_st, path length 1 / relatedness (Brandes 2001)"],
    participation: ["Participation", "How evenly an industry's links spread over knowledge domains: 0 = all in its own domain, near 1 = spread over many. 0.62 or more marks a connector (the diagrams' black outline).",
      "P_i = 1 − Σ_d (k_id / k_i)² (Guimerà & Amaral 2005)"],
    role: ["Role", "The part an industry plays between domains, from its participation P and how central it is in its own domain (within-domain z): hubs have z ≥ 2.5 (provincial P ≤ 0.30, connector ≤ 0.75, kinless above); other industries are ultra-peripheral (P ≤ 0.05), peripheral (≤ 0.62), connectors (≤ 0.80) or kinless (above 0.80).",
      "Guimerà & Amaral (2005) roles from (z, P)"],
    "bridging-score": ["Bridging score", "Ranks bridging sectors: the average of its percentile ranks on betweenness, participation and openness (1 − Burt's constraint).",
      "mean of pct(betweenness), pct(P), pct(1 − constraint)"],
    rta: ["Revealed technological advantage (RTA)", "A region's share of the patents in a field divided by its share of all patents: above 1 the region patents more in the field than its size predicts. The OECD compares only economies with more than 500 patents; below the minimum the RTA is shown but marked thin.",
      "RTA_ru = (P_ru / P_r·) / (P_·u / P_··) (Soete 1987; OECD 2012, STI Outlook Fig. 7.2)"],
    rsa: ["Revealed scientific advantage (RSA)", "The same ratio on scientific publications: a region's share of the publications in a field divided by its share of all publications. Above 1 = the region publishes more in the field than its size predicts.",
      "RSA_ru = (Q_ru / Q_r·) / (Q_·u / Q_··) (activity index; Schubert & Braun 1986)"],
    latent: ["Latent domain", "Strong in science or technology but weak in jobs: the region's RTA or RSA is at least the strength threshold, on enough patents or publications, while its employment LQ is below 1. Knowledge that the regional economy does not (yet) turn into jobs — the seeds' \"mismatch between scientific and economic potential\".",
      "max(RTA, RSA) ≥ strong (counts above the minimums) and LQ < 1"],
    "jobs-only": ["Jobs without a knowledge base", "The reverse of latent: strong in jobs (LQ at least the strength threshold, with enough jobs) but weak on every knowledge basis loaded (RTA and RSA below 1).",
      "LQ ≥ strong and every loaded RTA, RSA < 1"],
    matched: ["Matched", "Strong in jobs and in science or technology: economic and knowledge potential agree.", "LQ ≥ strong and max(RTA, RSA) ≥ strong"],
    lq: ["Location quotient (LQ)", "How concentrated an industry is in a region compared with all loaded regions. Above 1 = the region is specialised in it.",
      "LQ_ri = (x_ri / x_r·) / (x_·i / x_··)"],
    specialisation: ["Specialisation", "An industry with LQ ≥ 1 in the region.", "LQ_ri ≥ 1"],
    "relatedness-density": ["Relatedness density", "For an industry the region is not specialised in: how much of what it is related to the region already has (0–100). High = a next step, not a leap.",
      "RD_ri = 100 · Σ_j M_rj φ_ij / Σ_j φ_ij, M_rj = [LQ_rj ≥ 1] (Hidalgo et al. 2007)"],
    "related-variety": ["Related variety", "Diversity within groups of related industries (same classification group or domain): high when employment spreads over many related industries.",
      "RV = Σ_g P_g H_g, H_g the entropy within group g (Frenken, Van Oort & Verburg 2007)"],
    "unrelated-variety": ["Unrelated variety", "Diversity between groups of industries: high when employment spreads over many unrelated groups.",
      "UV = Σ_g P_g log2(1 / P_g)"],
    entropy: ["Entropy", "Overall diversity of the region's industry mix; it splits exactly into unrelated plus related variety.",
      "H = Σ_i p_i log2(1 / p_i) = UV + RV"],
    hhi: ["HHI (concentration)", "How concentrated the region's employment is in few industries: 1/n for n equal industries, 1 for a single one. High with low related variety can mean lock-in.",
      "HHI = Σ_i p_i², p_i = x_i / Σ_j x_j (Herfindahl–Hirschman)"],
    jaccard: ["Jaccard (neighbourhood)", "How much of an industry's top related neighbours stayed the same between the two periods: 1 = the same, 0 = all different.",
      "|A ∩ B| / |A ∪ B|"],
    z: ["z (adjusted)", "How surprising a link's change in count is, given how much all moves changed between the periods: beyond about ±2 it is unlikely to be noise. Divided by the overdispersion of job moves (workers move in groups).",
      "z = (c_to − n·p0) / √(n·p0·(1 − p0)), n = c_from + c_to, p0 = T_to / (T_from + T_to); adjusted: z / √φ, φ = max(1, median(z²) / 0.4549)"],
    significant: ["Significant change", "A link whose count changed more than the overall change in moves explains: its adjusted z is beyond the threshold (shown with how many such changes chance alone would give).",
      "|z / √φ| ≥ Z"],
    noise: ["Noise (Jaccard)", "The neighbourhood overlap to expect if nothing had changed, from periods simulated with no change; ✱ marks an industry whose overlap is below the 5th percentile of that noise.",
      "mean Jaccard over simulated pairs of periods; ✱ when Jaccard < 5th percentile"],
    layer: ["Layer", "One kind of link between industries and its period, e.g. labour mobility 2014–2018. Several ticked layers are analysed together.", ""],
    period: ["Period", "The years of the links (and of the regional data) analysed. The default is each layer's pooled, longest period (e.g. 2009-2018 rather than 2014-2018), never simply the last loaded.", ""],
    established: ["Established specialisation", "A specialisation with enough evidence: LQ ≥ 1, at least the minimum of jobs, and a Poisson test that the jobs exceed what the region's size would give (p ≤ the significance level).",
      "LQ_ri ≥ 1, x_ri ≥ min_jobs, P(X ≥ x_ri | E_ri) ≤ α"],
    eci: ["Economic complexity (ECI)", "How complex the region's set of established specialisations is: high when it holds industries few other regions hold, together with diverse ones.",
      "second eigenvector of the region–industry presence matrix (Hidalgo & Hausmann 2009), standardised over the regions"],
    "portfolio-jaccard": ["Jaccard (portfolios)", "How alike two regions' established specialisations are: 1 = the same industries, 0 = none in common.",
      "|S_a ∩ S_b| / |S_a ∪ S_b|"],
    complementarity: ["Complementarity", "How much of what a region is related to but lacks another region holds as established specialisations: a partner for co-investment. 100 = all of it, 0 = none.",
      "C_ab = 100 · Σ_{i: M_ai=0} M_bi · RD_ai / Σ_{i: M_ai=0} RD_ai"],
    stars: ["Cluster stars", "The European Cluster Observatory's rating of a region's cluster (a knowledge domain or an industry group): one star each for size (among the largest of that cluster's regions), specialisation (LQ at least 2) and focus (the cluster is a large share of the region's jobs). 0–3 stars; every star comes with its reason. The three thresholds are parameters.",
      "size: rank of x_rc among the regions with jobs in c within the top size_top (10 %); specialisation: LQ_rc = (x_rc / x_r·) / (x_·c / x_··) ≥ min_lq (2); focus: x_rc / x_r· within the top focus_top (10 %) of all region × cluster cells (Sölvell, Ketels & Lindqvist 2009)"],
    "focus-share": ["Focus share", "The cluster's share of all the region's jobs: how much of the regional economy this cluster is. The focus star goes to the largest shares among all regions and clusters.",
      "x_rc / x_r·"],
    pathway: ["Development pathway", "A descriptive reading of how a knowledge domain could develop in the region, after the S3 guides: established (it holds every member already), modernisation (a generic technology it lacks is linked to members it holds), diversification (it holds some members, or what it lacks is well related to what it has) or radical (no related base). A label with its rule, not a recommendation.",
      "established: all members M_ri = 1; modernisation: some M_ri = 1 and a generic member with M_ri = 0 linked to one of them; diversification: some M_ri = 1, or mean RD of the others ≥ the median RD of all it lacks; radical: otherwise"],
    reach: ["Reach", "How many knowledge domains an industry touches: its own and those of the industries it is linked to. Industries reaching many domains with evenly spread links are candidates for general-purpose (generic) technologies.",
      "number of distinct domains among i and its neighbours; with participation P_i = 1 − Σ_d (k_id / k_i)² and the degree k_i"],
    generic: ["Generic intermediary", "An industry whose many links spread evenly over most domains (temporary employment agencies, head offices, cleaning): its links say little about a shared knowledge base, but it can carry a general-purpose technology into traditional industries.",
      "P_i ≥ 0.62, links into ≥ 50 % of the domains of ≥ 3 industries, degree above 90 % of the industries"],
    "at-risk": ["Cells at risk", "The region × industry pairs that could become a specialisation: those not established in the first period (with a defined LQ).",
      "cells with M_ri(start) = 0"],
    entry: ["Entry", "A region × industry pair not established in the first period and established in the second: a specialisation the region gained.",
      "M_ri(start) = 0 and M_ri(end) = 1"],
    exit: ["Exit", "A region × industry pair established in the first period and not in the second: a specialisation the region lost.",
      "M_ri(start) = 1 and M_ri(end) = 0"],
    auc: ["AUC", "How well relatedness density at the start separates the cells that entered from those that did not: the chance that an entry had a higher start density than a non-entry. 0.5 = no better than chance, 1 = perfect.",
      "AUC = P(RD_entry > RD_non-entry), ties counted ½ (Mann–Whitney)"],
    "logit-slope": ["Logistic slope", "How much each extra point of relatedness density at the start raises the odds of entry, from a logistic regression of entry on density: above 0 means related cells entered more often.",
      "P(entry) = 1 / (1 + e^−(b₀ + b₁·RD)); b₁ per density point, fitted by IRLS (maximum likelihood)"],
    "standard-error": ["Standard error", "The uncertainty of the logistic slope: a slope more than about twice its standard error away from 0 is unlikely to be chance.",
      "SE(b₁) = √[(XᵀWX)⁻¹]₁₁, W = diag(p_i (1 − p_i)) (Fisher information)"],
    "p-value": ["p-value (Wald)", "The chance of a slope at least this far from 0 if density did not predict entry at all. Small (below 0.05) = density predicted entry.",
      "z = b₁ / SE(b₁), p = 2 (1 − Φ(|z|))"],
    cohesion: ["Cohesion (inside ÷ expected)", "How much more link weight a hypothesis's industries have among themselves than random links with the same strengths would give them (the null model of modularity): above 1 they hang together more than chance, below 1 less.",
      "W_in / E, E = vol(S)² / (4m), vol(S) = Σ_{i∈S} s_i, m = the total link weight (configuration model, Newman 2006)"],
    "internal-weight": ["Weight inside", "The summed relatedness of the links with both ends among the hypothesis's industries.", "W_in = Σ_{i<j, i,j∈S} w_ij"],
    "set-modularity": ["Modularity term", "The set's share in modularity: the share of all link weight inside it minus the share random links of the same strengths would put there. Above 0 = more than chance.",
      "W_in / m − (vol(S) / 2m)²"],
    "sectors-spanned": ["Sectors spanned", "The traditional sectors (the top level of the classification) the industries belong to: a cross-sector hypothesis spans several.", ""],
    "linked-into": ["Linked into it", "The outside industries with the most link weight into the set: candidates to add, or bridges to neighbouring domains. Share: the part of the industry's own strength that goes into the set.",
      "w(i, S) = Σ_{j∈S} w_ij, share = w(i, S) / s_i"],
    "cohesion-change": ["Change between periods", "The same cohesion measures on an earlier and a later period of the same layers: whether the industries are growing together or apart.", "Δ = later − earlier"],
    "domain-lq": ["LQ of a domain", "How concentrated a whole knowledge domain is in a region: the location quotient of its industries taken together.",
      "LQ_rD = (Σ_{i∈D} x_ri / x_r·) / (Σ_{i∈D} x_·i / x_··)"],
  };

  function esc(s) {
    return String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  }
  // term writes label (default: the term's name) as a button explaining key.
  function term(key, label) {
    const t = TERMS[key];
    if (!t) return esc(label || key);
    return '<button type="button" class="term" data-term="' + key + '" aria-describedby="term-tip">' + esc(label || t[0]) + "</button>";
  }
  function explain(key) {
    const t = TERMS[key];
    return "<strong>" + esc(t[0]) + "</strong>: " + esc(t[1]) + (t[2] ? "<br><code>" + esc(t[2]) + "</code>" : "");
  }

  // The glossary panel and the shared tooltip.
  function install() {
    const panel = document.getElementById("glossary");
    if (panel) {
      panel.querySelector("dl").innerHTML = Object.keys(TERMS).map((k) =>
        '<dt id="g-' + k + '">' + esc(TERMS[k][0]) + "</dt><dd>" + esc(TERMS[k][1]) + (TERMS[k][2] ? "<br><code>" + esc(TERMS[k][2]) + "</code>" : "") + "</dd>").join("");
    }
    const tip = document.createElement("div");
    tip.id = "term-tip";
    tip.setAttribute("role", "tooltip");
    tip.hidden = true;
    document.body.appendChild(tip);
    function show(b) {
      tip.innerHTML = explain(b.dataset.term);
      tip.hidden = false;
      const r = b.getBoundingClientRect();
      tip.style.left = Math.max(4, Math.min(window.scrollX + r.left, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8)) + "px";
      tip.style.top = (window.scrollY + r.bottom + 6) + "px";
    }
    const hide = () => { tip.hidden = true; };
    const at = (ev) => ev.target.closest && ev.target.closest("button.term");
    document.addEventListener("mouseover", (ev) => { const b = at(ev); if (b) show(b); });
    document.addEventListener("mouseout", (ev) => { if (at(ev)) hide(); });
    document.addEventListener("focusin", (ev) => { const b = at(ev); if (b) show(b); else hide(); });
    document.addEventListener("keydown", (ev) => { if (ev.key === "Escape") hide(); });
    document.addEventListener("click", (ev) => {
      const b = at(ev);
      if (!b || !panel) return;
      ev.preventDefault();
      ev.stopPropagation();
      panel.open = true;
      panel.querySelectorAll("dt.hit").forEach((d) => d.classList.remove("hit"));
      const dt = document.getElementById("g-" + b.dataset.term);
      dt.classList.add("hit");
      dt.scrollIntoView({ block: "center" });
      hide();
    }, true);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", install); else install();
  window.domainscopeGlossary = { TERMS: TERMS, term: term };
})();
