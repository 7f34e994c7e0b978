/* Agent Handbook, the view in the URL: a figure's view as the hash of the page, to share it.
 *
 *   #<figure id>:kinds=a,b&focus=x&depth=2&groups=a,b&unconnected=1&zoom=k,tx,ty
 *
 * Only the parts that differ from the figure's default view are written ("depth=all" for every
 * depth where the figure starts at one); an anchor that names no figure ("ah-" prefix) is left
 * alone. A figure gives a ``spec`` of what it has (its kinds, groups, the agent it is about...)
 * and gets back the hash of a view, or the view of a hash.
 */
(function () {
  "use strict";
  var AH = (window.AgentHandbook = window.AgentHandbook || {});
  if (AH.url) return;
  var C = AH.core;
  var round = C.round;
  var clamp = C.clamp;
  var splitList = C.splitList;
  var MAX_ZOOM = 8;

  /* The hash of a shared view: {id, params} when it names a figure ("ah-" prefix), else null.
   * params is null for a bare "#ah-map" (a plain anchor), else a Map key -> raw value. */
  function parseHash(hash) {
    var raw = (hash || "").replace(/^#/, "");
    if (raw.indexOf("ah-") !== 0) return null;
    var colon = raw.indexOf(":");
    var id = colon < 0 ? raw : raw.slice(0, colon);
    try {
      id = decodeURIComponent(id);
    } catch (error) {
      return null;
    }
    if (colon < 0) return { id: id, params: null };
    var params = new Map();
    raw
      .slice(colon + 1)
      .split("&")
      .forEach(function (pair) {
        if (!pair) return;
        var eq = pair.indexOf("=");
        params.set(eq < 0 ? pair : pair.slice(0, eq), eq < 0 ? "" : pair.slice(eq + 1));
      });
    return { id: id, params: params };
  }

  function sameSet(a, b) {
    if (a.size !== b.size) return false;
    var same = true;
    a.forEach(function (item) {
      if (!b.has(item)) same = false;
    });
    return same;
  }

  /* The hash text of ``state`` (without the figure's id), given the figure's ``spec``:
   * {kinds, fixedFocus, hasNode, startDepth, foldable (group ids), startOpen (Set),
   * unconnectedCount, defaultUnconnected, zoomed}. */
  function serialize(state, spec) {
    var parts = [];
    if (state.kinds.size !== spec.kinds.length) {
      var shown = spec.kinds.filter(function (kind) {
        return state.kinds.has(kind);
      });
      parts.push("kinds=" + shown.map(encodeURIComponent).join(","));
    }
    if (!spec.fixedFocus && spec.hasNode(state.focus)) parts.push("focus=" + encodeURIComponent(state.focus));
    if (state.depth !== spec.startDepth) parts.push("depth=" + (state.depth || "all"));
    if (spec.foldable.length && state.open && !sameSet(state.open, spec.startOpen)) {
      parts.push("groups=" + Array.from(state.open).sort().map(encodeURIComponent).join(","));
    }
    if (spec.unconnectedCount && state.unconnected !== spec.defaultUnconnected) {
      parts.push("unconnected=" + (state.unconnected ? 1 : 0));
    }
    if (spec.zoomed) parts.push("zoom=" + [round(state.k, 3), round(state.tx, 1), round(state.ty, 1)].join(","));
    return parts.join("&");
  }

  /* Put ``text`` (a figure's view) in the URL without a new history entry. */
  function write(id, text) {
    var current = parseHash(location.hash);
    var ours = current && current.id === id && current.params;
    var hash;
    if (text) hash = "#" + encodeURIComponent(id) + ":" + text;
    else if (ours)
      hash = ""; // back to the default view: drop the state
    else return; // nothing of ours in the URL: leave the page's own anchor alone
    if (hash === location.hash) return;
    try {
      history.replaceState(history.state, "", location.pathname + location.search + hash);
    } catch (error) {
      /* a sandboxed page: the view just is not shareable */
    }
  }

  /* The view that ``params`` (a parsed hash) asks for, from ``next`` (the default view), given
   * the figure's ``spec`` (as for serialize). */
  function restore(params, next, spec) {
    if (params.has("kinds")) {
      next.kinds = new Set(
        splitList(params.get("kinds")).filter(function (kind) {
          return spec.kinds.indexOf(kind) >= 0;
        })
      );
    }
    if (params.has("focus") && !spec.fixedFocus) {
      var wanted = splitList(params.get("focus"))[0] || "";
      if (spec.hasNode(wanted)) next.focus = wanted;
    }
    if (params.has("groups")) {
      next.open = new Set(
        splitList(params.get("groups")).filter(function (group) {
          return spec.foldable.indexOf(group) >= 0;
        })
      );
    }
    if (params.get("unconnected") === "1" || params.get("unconnected") === "0") {
      next.unconnected = params.get("unconnected") === "1";
    }
    var depth = params.get("depth") === "all" ? 0 : Number(params.get("depth"));
    if ((depth === 0 || depth === 1 || depth === 2) && params.has("depth") && (spec.fixedFocus || next.focus)) {
      next.depth = depth;
    }
    if (params.has("zoom")) {
      var numbers = params.get("zoom").split(",").map(Number);
      if (numbers.length === 3 && numbers.every(isFinite) && numbers[0] > 0) {
        next.k = clamp(numbers[0], 0.01, MAX_ZOOM);
        next.tx = numbers[1];
        next.ty = numbers[2];
      }
    }
    return next;
  }

  AH.url = { parse: parseHash, serialize: serialize, write: write, restore: restore, MAX_ZOOM: MAX_ZOOM };
})();
