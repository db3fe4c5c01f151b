/* The kit's light front end for participant module pages (kit.server.light_page, issue 12).

   Voila's own front end (JupyterLab's widget manager, about 1 MB of scripts) takes about 1.7 s
   of a mid-range phone's CPU before the first widget shows. A module page needs far less: the
   Jupyter widget protocol (ipywidgets 8, protocol 2.1) over the kernel's websocket, and views
   for the widgets the kit's modules build. This file is that, with no library: it asks the
   kernel for every widget's state, draws the views into the page's placeholders with
   ipywidgets' own CSS classes (so the kit's stylesheets apply unchanged), sends what the
   participant changes or clicks, and applies what the kernel sends back.

   What it does not know it does not guess: a widget model it has no view for makes the page
   load again with Voila's full front end (?frontend=voila). The server decides who may do what;
   nothing here is trusted by it. */
(function () {
  "use strict";
  var CONFIG = JSON.parse(document.getElementById("kit-light-config").textContent);
  var PREFIX = "IPY_MODEL_";
  var SESSION = uid();
  var models = {};
  var socket = null;
  var controlComm = null;
  var attempts = 0;
  var leaving = false;

  function uid() {
    var s = "";
    for (var i = 0; i < 32; i++) {
      s += Math.floor(Math.random() * 16).toString(16);
    }
    return s;
  }

  // ---- Messages (Jupyter messaging over the server's websocket, protocol
  // v1.kernel.websocket.jupyter.org, as Voila's own front end speaks it) ----
  //
  // Every frame is binary: the number of offsets n (uint64, little-endian), n offsets, then
  // the parts: channel, header, parent header, metadata, content (JSON, UTF-8), buffers. The
  // offsets are where each part starts, and the last one is the end.

  var PROTOCOL = "v1.kernel.websocket.jupyter.org";

  function message(type, content, channel, buffers) {
    return {
      header: {msg_id: uid(), username: "", session: SESSION, msg_type: type, version: "5.3",
               date: new Date().toISOString()},
      parent_header: {}, metadata: {}, content: content, channel: channel || "shell",
      buffers: buffers || []
    };
  }

  function bytes(buffer) {
    return buffer instanceof ArrayBuffer ? new Uint8Array(buffer)
      : new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  }

  function encode(msg) {
    var text = new TextEncoder();
    var parts = [text.encode(msg.channel), text.encode(JSON.stringify(msg.header)),
                 text.encode(JSON.stringify(msg.parent_header)),
                 text.encode(JSON.stringify(msg.metadata)),
                 text.encode(JSON.stringify(msg.content))].concat((msg.buffers || []).map(bytes));
    var count = parts.length + 1;
    var head = 8 * (count + 1);
    var total = parts.reduce(function (sum, p) { return sum + p.byteLength; }, head);
    var out = new Uint8Array(total);
    var view = new DataView(out.buffer);
    view.setUint32(0, count, true);
    var offset = head;
    parts.forEach(function (part, i) {
      view.setUint32(8 * (i + 1), offset, true);
      out.set(part, offset);
      offset += part.byteLength;
    });
    view.setUint32(8 * count, offset, true);
    return out.buffer;
  }

  function decode(data) {
    if (typeof data === "string") {  // a server without the v1 protocol: plain JSON
      var plain = JSON.parse(data);
      plain.buffers = [];
      return plain;
    }
    var view = new DataView(data);
    var count = view.getUint32(0, true);
    var offsets = [];
    for (var i = 0; i < count; i++) {
      offsets.push(view.getUint32(8 * (i + 1), true));
    }
    var text = new TextDecoder();
    var part = function (k) {
      return data.slice(offsets[k], offsets[k + 1]);
    };
    var json = function (k) {
      return JSON.parse(text.decode(part(k)));
    };
    var msg = {channel: text.decode(part(0)), header: json(1), parent_header: json(2),
               metadata: json(3), content: json(4), buffers: []};
    for (var j = 5; j < count - 1; j++) {
      msg.buffers.push(new DataView(part(j)));
    }
    return msg;
  }

  // Messages made while the socket is down (a Wi-Fi gap, a phone waking up) wait for it and
  // go in order once it is open again, as Jupyter's own kernel connection does: a tap in that
  // moment is not lost. Only the last MAX_WAITING are kept.
  var waiting = [];
  var MAX_WAITING = 200;

  function send(msg) {
    if (socket && socket.readyState === 1) {
      socket.send(encode(msg));
    } else if (waiting.push(msg) > MAX_WAITING) {
      waiting.shift();
    }
  }

  function flush() {
    var queued = waiting;
    waiting = [];
    queued.forEach(send);
  }

  function commMessage(commId, data, buffers) {
    var msg = message("comm_msg", {comm_id: commId, data: data}, "shell", buffers);
    msg.metadata = {version: "2.1.0"};
    send(msg);
  }

  // ---- Models ----

  function putBuffers(state, paths, buffers) {
    (paths || []).forEach(function (path, i) {
      var target = state;
      for (var k = 0; k < path.length - 1; k++) {
        target = target[path[k]];
      }
      target[path[path.length - 1]] = buffers[i];
    });
  }

  function Model(id, name, state) {
    this.id = id;
    this.name = name;
    this.state = state || {};
    this.views = [];
  }

  Model.prototype.get = function (key) {
    return this.state[key];
  };

  // A view (or a layout's or style's binding to a view) that is gone: dropped from the lists.
  function alive(view) {
    return !view.dead && !(view.view && view.view.dead);
  }

  Model.prototype.attach = function (view) {
    this.views = this.views.filter(alive);
    this.views.push(view);
  };

  Model.prototype.set = function (changes) {
    Object.assign(this.state, changes);
    var keys = Object.keys(changes);
    this.views = this.views.filter(alive);
    this.views.forEach(function (view) {
      view.update(keys);
    });
  };

  // What the participant changed, sent to the kernel (and kept here: the kernel's echo is not
  // applied again, so a field being typed in never jumps back).
  Model.prototype.save = function (changes, buffers, paths) {
    commMessage(this.id, {method: "update", state: changes, buffer_paths: paths || []}, buffers);
    this.set(changes);
  };

  Model.prototype.custom = function (content) {
    commMessage(this.id, {method: "custom", content: content});
  };

  function ref(value) {
    if (typeof value === "string" && value.indexOf(PREFIX) === 0) {
      return models[value.slice(PREFIX.length)] || null;
    }
    return null;
  }

  // ``entry.state`` leaves out what equals ipywidgets' defaults (kit.server.light_page.
  // model_defaults, in the page's config): a new model starts from them.
  function addModel(id, entry, paths, buffers) {
    var state = entry.state || {};
    putBuffers(state, paths, buffers);
    var model = models[id];
    var name = entry.model_name || state._model_name || (model && model.name);
    state = Object.assign({}, (CONFIG.defaults || {})[name] || {}, state);
    if (model) {  // the states again after a reconnection: what went back to its default too
      model.set(state);
      return model;
    }
    model = new Model(id, name, state);
    models[id] = model;
    return model;
  }

  // ---- Views ----

  function el(tag, className, parent) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (parent) {
      parent.appendChild(node);
    }
    return node;
  }

  // ``node``'s children become ``children`` (as Element.replaceChildren, which phones from
  // before 2020 lack).
  function fill(node, children) {
    while (node.firstChild) {
      node.removeChild(node.firstChild);
    }
    children.forEach(function (child) {
      node.appendChild(child);
    });
  }

  function cssName(key) {
    return key.replace(/_/g, "-");
  }

  // The view's layout or style model (``key``) applied by ``apply``, again at each change.
  function bindModel(view, key, apply) {
    var model = ref(view.model.get(key));
    if (!model) {
      return;
    }
    var binding = {
      view: view,
      update: function () {
        apply(model.state);
      }
    };
    model.attach(binding);
    binding.update();
  }

  // A layout's attributes are the element's CSS properties (``flex_flow`` → ``flex-flow``).
  function bindLayout(view, node) {
    bindModel(view, "layout", function (state) {
      Object.keys(state).forEach(function (key) {
        if (key.charAt(0) !== "_") {
          setStyle(node, cssName(key), state[key]);
        }
      });
    });
  }

  function bindStyle(view, apply) {
    bindModel(view, "style", apply);
  }

  function setStyle(node, property, value) {
    if (value === null || value === undefined || value === "") {
      node.style.removeProperty(property);
    } else {
      node.style.setProperty(property, String(value));
    }
  }

  function textStyle(node, s) {
    setStyle(node, "color", s.text_color);
    setStyle(node, "font-size", s.font_size);
    setStyle(node, "font-weight", s.font_weight);
    setStyle(node, "font-style", s.font_style);
    setStyle(node, "font-family", s.font_family);
    setStyle(node, "text-decoration", s.text_decoration);
    setStyle(node, "background", s.background);
  }

  function domClasses(view) {
    var previous = [];
    return function () {
      var now = view.model.get("_dom_classes") || [];
      previous.forEach(function (c) {
        if (now.indexOf(c) < 0) {
          view.el.classList.remove(c);
        }
      });
      now.forEach(function (c) {
        view.el.classList.add(c);
      });
      previous = now.slice();
    };
  }

  function tooltip(node, value) {
    if (value) {
      node.setAttribute("title", value);
    } else {
      node.removeAttribute("title");
    }
  }

  function description(view, parent) {
    var label = view.labelEl = el("label", "widget-label", parent);
    var draw = function () {
      var text = view.model.get("description") || "";
      if (view.model.get("description_allow_html")) {
        label.innerHTML = text;
      } else {
        label.textContent = text;
      }
      label.style.display = text ? "" : "none";
      tooltip(label, view.model.get("description_tooltip") || view.model.get("tooltip"));
    };
    draw();
    bindStyle(view, function (s) {
      setStyle(label, "width", s.description_width);
    });
    return draw;
  }

  // Each view: {model, el, update(keys), dead}. ``build`` makes the element, ``draw`` follows
  // the model; both get the view.
  function makeView(model) {
    var kind = VIEWS[model.name];
    if (!kind) {
      unsupported(model.name);
      return null;
    }
    var view = {model: model, el: null, dead: false, children: {}};
    kind.build(view);
    var classes = domClasses(view);
    view.update = function (keys) {
      if (view.dead) {
        return;
      }
      classes();
      kind.draw(view, keys || []);
      if (view.el) {
        view.el.style.visibility = "";
      }
    };
    bindLayout(view, view.el);
    if (model.get("tabbable") === false) {
      view.el.setAttribute("tabindex", "-1");
    }
    view.update([]);
    model.attach(view);
    return view;
  }

  function drop(view) {
    if (!view || view.dead) {
      return;
    }
    view.dead = true;
    Object.keys(view.children).forEach(function (key) {
      drop(view.children[key]);
    });
  }

  // The description names its control (a tap on it focuses the field; screen readers say it).
  function labelFor(view, control) {
    control.id = "kit-w-" + uid();
    view.labelEl.htmlFor = control.id;
  }

  function disabled(view, node) {
    node.disabled = !!view.model.get("disabled");
  }

  // Children of a box-like view: the views of its children, kept when a child stays (a field
  // being typed in keeps its focus), made for new children, dropped for removed ones.
  function drawChildren(view, container, ids) {
    var old = view.children;
    var next = {};
    var nodes = [];
    ids.forEach(function (value) {
      var model = ref(value);
      if (!model) {
        return;
      }
      var child = old[model.id] && !old[model.id].dead ? old[model.id] : makeView(model);
      if (!child) {
        return;
      }
      next[model.id] = child;
      nodes.push(child.el);
    });
    Object.keys(old).forEach(function (id) {
      if (!next[id]) {
        drop(old[id]);
      }
    });
    view.children = next;
    // Only what differs moves: a child that stays where it was is not taken out of the page
    // (a field being typed in keeps its focus when a line appears below it).
    nodes.forEach(function (node, i) {
      var here = container.children[i];
      if (here !== node) {
        container.insertBefore(node, here || null);
      }
    });
    while (container.children.length > nodes.length) {
      container.removeChild(container.lastChild);
    }
  }

  function changed(keys, names) {
    return !keys.length || names.some(function (n) {
      return keys.indexOf(n) >= 0;
    });
  }

  function buttonStyle(node, style, prefix) {
    ["primary", "success", "info", "warning", "danger"].forEach(function (s) {
      node.classList.toggle(prefix + s, style === s);
    });
  }

  function icon(node, name) {
    var old = node.querySelector("i.fa");
    if (old) {
      old.remove();
    }
    if (name) {
      var i = document.createElement("i");
      i.className = "fa fa-" + name;
      node.insertBefore(i, node.firstChild);
    }
  }

  function box(extra) {
    return {
      build: function (view) {
        view.el = el("div", "jupyter-widgets widget-container widget-box " + extra);
      },
      draw: function (view, keys) {
        if (changed(keys, ["children"])) {
          drawChildren(view, view.el, view.model.get("children") || []);
        }
        buttonStyle(view.el, view.model.get("box_style"), "alert-");
      }
    };
  }

  // A button-like view: ``kind``'s button, ``press`` on a tap (never a form submission).
  function pressable(view, kind, press) {
    view.el = el("button", "jupyter-widgets jupyter-button " + kind);
    view.el.type = "button";
    view.el.addEventListener("click", function (event) {
      event.preventDefault();
      press();
    });
  }

  // What every button-like view shows besides its text: icon, tooltip, style, disabled.
  function face(view) {
    var m = view.model;
    icon(view.el, m.get("icon"));
    tooltip(view.el, m.get("tooltip"));
    buttonStyle(view.el, m.get("button_style"), "mod-");
    disabled(view, view.el);
  }

  // A selection's frame: its description, then the group its options are drawn into.
  function choices(view, kind, groupClass) {
    view.el = el("div", "jupyter-widgets widget-inline-hbox " + kind);
    view.label = description(view, view.el);
    view.group = el("div", groupClass, view.el);
  }

  function selectionLabels(view) {
    return view.model.get("_options_labels") || [];
  }

  function textInput(kind, type) {
    return {
      build: function (view) {
        view.el = el("div", "jupyter-widgets widget-inline-hbox " + kind);
        view.label = description(view, view.el);
        var input = view.input = el(type === "area" ? "textarea" : "input", "", view.el);
        if (type !== "area") {
          input.type = type;
        }
        labelFor(view, input);
        if (kind.indexOf("combobox") >= 0) {
          view.list = el("datalist", "", view.el);
          view.list.id = "kit-list-" + uid();
          input.setAttribute("list", view.list.id);
        }
        var numeric = type === "number";
        var read = function () {
          if (!numeric) {
            return input.value;
          }
          var parsed = view.model.name.indexOf("Float") >= 0 ? parseFloat(input.value)
            : parseInt(input.value, 10);
          return isNaN(parsed) ? null : parsed;
        };
        // ``typing``: sent while the participant types (a value not accepted yet waits);
        // otherwise a value the widget does not accept is put back as it was.
        var push = function (typing) {
          var value = read();
          var options = view.model.get("options") || [];
          if (value === null || (view.list && view.model.get("ensure_option") && value !== "" &&
                                 options.indexOf(value) < 0)) {
            if (typing !== true) {
              input.value = view.model.get("value");
            }
            return;
          }
          if (numeric) {
            var min = view.model.get("min");
            var max = view.model.get("max");
            if (min !== undefined && min !== null && value < min) { value = min; }
            if (max !== undefined && max !== null && value > max) { value = max; }
          }
          if (value !== view.model.get("value")) {
            view.model.save({value: value});
          }
          if (numeric && String(value) !== input.value) {
            input.value = value;
          }
        };
        input.addEventListener("input", function () {
          if (view.model.get("continuous_update") && !numeric) {
            push(true);
          }
        });
        input.addEventListener("change", function () { push(false); });
        input.addEventListener("blur", function () { push(false); });
        input.addEventListener("keydown", function (event) {
          if (event.key === "Enter" && type !== "area") {
            push(false);
            view.model.custom({event: "submit"});
          }
        });
      },
      draw: function (view, keys) {
        view.label();
        var input = view.input;
        var value = view.model.get("value");
        value = value === null || value === undefined ? "" : String(value);
        if (input.value !== value) {
          input.value = value;
        }
        if (changed(keys, ["placeholder"])) {
          var placeholder = view.model.get("placeholder");
          if (placeholder) {
            input.setAttribute("placeholder", placeholder);
          } else {
            input.removeAttribute("placeholder");
          }
        }
        if (type === "area" && view.model.get("rows")) {
          input.rows = view.model.get("rows");
        }
        if (type === "number") {
          var step = view.model.get("step");
          input.step = step === null || step === undefined ? "any" : step;
          ["min", "max"].forEach(function (k) {
            var v = view.model.get(k);
            if (v === null || v === undefined) { input.removeAttribute(k); } else { input[k] = v; }
          });
        }
        if (view.list && changed(keys, ["options"])) {
          fill(view.list, (view.model.get("options") || []).map(
            function (option) {
              var node = document.createElement("option");
              node.value = option;
              return node;
            }));
        }
        disabled(view, input);
      }
    };
  }

  // A file's bytes (FileReader: File.arrayBuffer is missing on phones from before 2019).
  function read(file) {
    return new Promise(function (resolve, reject) {
      var reader = new FileReader();
      reader.onload = function () { resolve(reader.result); };
      reader.onerror = function () { reject(reader.error); };
      reader.readAsArrayBuffer(file);
    });
  }

  var VIEWS = {
    BoxModel: box(""),
    HBoxModel: box("widget-hbox"),
    VBoxModel: box("widget-vbox"),
    GridBoxModel: box("widget-gridbox"),
    HTMLModel: {
      build: function (view) {
        view.el = el("div", "jupyter-widgets widget-inline-hbox widget-html");
        view.label = description(view, view.el);
        view.content = el("div", "widget-html-content", view.el);
        bindStyle(view, function (s) {
          textStyle(view.content, s);
        });
      },
      draw: function (view, keys) {
        view.label();
        if (changed(keys, ["value"])) {
          view.content.innerHTML = view.model.get("value") || "";
        }
      }
    },
    LabelModel: {
      build: function (view) {
        view.el = el("div", "jupyter-widgets widget-label");
        bindStyle(view, function (s) {
          textStyle(view.el, s);
        });
      },
      draw: function (view) {
        view.el.textContent = view.model.get("value") || "";
      }
    },
    ButtonModel: {
      build: function (view) {
        pressable(view, "widget-button", function () {
          view.model.custom({event: "click"});
        });
        bindStyle(view, function (s) {
          setStyle(view.el, "background-color", s.button_color);
          textStyle(view.el, {font_weight: s.font_weight, font_size: s.font_size,
                              font_family: s.font_family, font_style: s.font_style,
                              text_color: s.text_color, text_decoration: s.text_decoration});
        });
      },
      draw: function (view) {
        view.el.textContent = view.model.get("description") || "";
        face(view);
      }
    },
    ToggleButtonModel: {
      build: function (view) {
        pressable(view, "widget-toggle-button", function () {
          view.model.save({value: !view.model.get("value")});
        });
      },
      draw: function (view) {
        var m = view.model;
        view.el.textContent = m.get("description") || "";
        face(view);
        view.el.classList.toggle("mod-active", !!m.get("value"));
        view.el.setAttribute("aria-pressed", m.get("value") ? "true" : "false");
      }
    },
    TextModel: textInput("widget-text", "text"),
    PasswordModel: textInput("widget-text widget-password", "password"),
    ComboboxModel: textInput("widget-text widget-combobox", "text"),
    TextareaModel: textInput("widget-textarea", "area"),
    IntTextModel: textInput("widget-text", "number"),
    FloatTextModel: textInput("widget-text", "number"),
    BoundedIntTextModel: textInput("widget-text", "number"),
    BoundedFloatTextModel: textInput("widget-text", "number"),
    CheckboxModel: {
      build: function (view) {
        view.el = el("div", "jupyter-widgets widget-inline-hbox widget-checkbox");
        view.indent = el("label", "widget-label", view.el);
        var label = el("label", "widget-label-basic", view.el);
        view.input = el("input", "", label);
        view.input.type = "checkbox";
        view.text = el("span", "", label);
        view.input.addEventListener("change", function () {
          view.model.save({value: view.input.checked});
        });
      },
      draw: function (view) {
        var m = view.model;
        view.input.checked = !!m.get("value");
        if (m.get("description_allow_html")) {
          view.text.innerHTML = m.get("description") || "";
        } else {
          view.text.textContent = m.get("description") || "";
        }
        view.indent.style.display = m.get("indent") ? "" : "none";
        tooltip(view.el, m.get("description_tooltip") || m.get("tooltip"));
        disabled(view, view.input);
      }
    },
    DropdownModel: {
      build: function (view) {
        view.el = el("div", "jupyter-widgets widget-inline-hbox widget-dropdown");
        view.label = description(view, view.el);
        view.select = el("select", "", view.el);
        labelFor(view, view.select);
        view.select.addEventListener("change", function () {
          var index = view.select.selectedIndex;
          view.model.save({index: index < 0 ? null : index});
        });
      },
      draw: function (view, keys) {
        view.label();
        var select = view.select;
        if (changed(keys, ["_options_labels"])) {
          fill(select, selectionLabels(view).map(function (text, i) {
            var option = document.createElement("option");
            option.textContent = text;
            option.value = String(i);
            return option;
          }));
        }
        var index = view.model.get("index");
        select.selectedIndex = index === null || index === undefined ? -1 : index;
        disabled(view, select);
      }
    },
    RadioButtonsModel: {
      build: function (view) {
        choices(view, "widget-radio", "widget-radio-box");
        view.group.setAttribute("role", "radiogroup");
        view.name = "kit-radio-" + uid();
      },
      draw: function (view, keys) {
        view.label();
        var index = view.model.get("index");
        if (changed(keys, ["_options_labels"])) {
          fill(view.group, selectionLabels(view).map(
            function (text, i) {
              var label = document.createElement("label");
              var input = el("input", "", label);
              input.type = "radio";
              input.name = view.name;
              input.value = String(i);
              input.addEventListener("change", function () {
                if (input.checked) {
                  view.model.save({index: i});
                }
              });
              label.appendChild(document.createTextNode(text));
              return label;
            }));
        }
        Array.prototype.forEach.call(view.group.querySelectorAll("input"), function (input, i) {
          input.checked = i === index;
          disabled(view, input);
        });
      }
    },
    ToggleButtonsModel: {
      build: function (view) {
        choices(view, "widget-toggle-buttons", "btn-group");
        bindStyle(view, function (s) {
          view.buttonWidth = s.button_width;
          view.fontWeight = s.font_weight;
          Array.prototype.forEach.call(view.group.children, function (button) {
            setStyle(button, "width", s.button_width);
            setStyle(button, "font-weight", s.font_weight);
          });
        });
      },
      draw: function (view, keys) {
        view.label();
        var m = view.model;
        if (changed(keys, ["_options_labels", "tooltips", "icons"])) {
          var tips = m.get("tooltips") || [];
          var icons = m.get("icons") || [];
          fill(view.group, selectionLabels(view).map(
            function (text, i) {
              var button = document.createElement("button");
              button.type = "button";
              button.className = "widget-toggle-button jupyter-button";
              button.textContent = text;
              icon(button, icons[i]);
              tooltip(button, tips[i]);
              setStyle(button, "width", view.buttonWidth);
              setStyle(button, "font-weight", view.fontWeight);
              button.addEventListener("click", function (event) {
                event.preventDefault();
                if (m.get("disabled")) {
                  return;
                }
                // Drawn here at once by save() (the kernel answers later): the chosen
                // button's colour is this view's own, never a trait re-applied after render.
                m.save({index: i});
              });
              return button;
            }));
        }
        var index = m.get("index");
        var style = m.get("button_style");
        Array.prototype.forEach.call(view.group.children, function (button, i) {
          button.classList.toggle("mod-active", i === index);
          button.setAttribute("aria-pressed", i === index ? "true" : "false");
          buttonStyle(button, style, "mod-");
          button.disabled = !!m.get("disabled");
        });
      }
    },
    IntProgressModel: {
      build: function (view) {
        view.el = el("div", "jupyter-widgets widget-inline-hbox widget-hprogress");
        view.label = description(view, view.el);
        var track = el("div", "progress", view.el);
        view.bar = el("div", "progress-bar", track);
        bindStyle(view, function (s) {
          setStyle(view.bar, "background-color", s.bar_color);
        });
      },
      draw: function (view) {
        view.label();
        var m = view.model;
        var min = m.get("min") || 0;
        var max = m.get("max") || 100;
        var share = max > min ? (m.get("value") - min) / (max - min) : 0;
        view.bar.style.width = Math.max(0, Math.min(1, share)) * 100 + "%";
        ["success", "info", "warning", "danger"].forEach(function (s) {
          view.bar.classList.toggle("progress-bar-" + s, m.get("bar_style") === s);
        });
      }
    },
    TabModel: {
      build: function (view) {
        view.el = el("div", "jupyter-widgets widget-container jupyter-widget-tab widget-tab");
        var bar = el("div", "lm-TabBar", view.el);
        view.tabs = el("ul", "lm-TabBar-content", bar);
        view.tabs.setAttribute("role", "tablist");
        view.panel = el("div", "widget-tab-contents", view.el);
      },
      draw: function (view, keys) {
        var m = view.model;
        var children = m.get("children") || [];
        var titles = m.get("titles") || [];
        var index = m.get("selected_index");
        if (changed(keys, ["children", "titles"])) {
          fill(view.tabs, children.map(function (_c, i) {
            var tab = document.createElement("li");
            tab.className = "lm-TabBar-tab";
            tab.setAttribute("role", "tab");
            tab.tabIndex = 0;
            var label = el("div", "lm-TabBar-tabLabel", tab);
            label.textContent = titles[i] || "";
            var choose = function () {
              m.save({selected_index: i});
            };
            tab.addEventListener("click", choose);
            tab.addEventListener("keydown", function (event) {
              if (event.key === "Enter" || event.key === " ") {
                event.preventDefault();
                choose();
              }
            });
            return tab;
          }));
          drawChildren(view, view.panel, children);
        }
        Array.prototype.forEach.call(view.tabs.children, function (tab, i) {
          tab.classList.toggle("lm-mod-current", i === index);
          tab.setAttribute("aria-selected", i === index ? "true" : "false");
          var child = ref(children[i]);  // the pane of this tab's own child
          var pane = child && view.children[child.id];
          if (pane) {
            pane.el.style.display = i === index ? "" : "none";
          }
        });
      }
    },
    AccordionModel: {
      build: function (view) {
        view.el = el("div", "jupyter-widgets widget-container widget-accordion");
      },
      draw: function (view, keys) {
        var m = view.model;
        var children = m.get("children") || [];
        var titles = m.get("titles") || [];
        var index = m.get("selected_index");
        if (changed(keys, ["children", "titles"])) {
          var holder = document.createElement("div");
          drawChildren(view, holder, children);
          var nodes = Array.prototype.slice.call(holder.children);
          fill(view.el, nodes.map(function (node, i) {
            var part = document.createElement("div");
            part.className = "widget-accordion-part";
            var head = el("button", "widget-accordion-title jupyter-button", part);
            head.type = "button";
            head.textContent = titles[i] || "";
            head.addEventListener("click", function () {
              var now = m.get("selected_index") === i ? null : i;
              m.save({selected_index: now});
            });
            part.appendChild(node);
            return part;
          }));
        }
        Array.prototype.forEach.call(view.el.children, function (part, i) {
          part.classList.toggle("mod-open", i === index);
          part.lastChild.style.display = i === index ? "" : "none";
          part.firstChild.setAttribute("aria-expanded", i === index ? "true" : "false");
        });
      }
    },
    ImageModel: {
      build: function (view) {
        view.el = el("img", "jupyter-widgets widget-image");
      },
      draw: function (view, keys) {
        var m = view.model;
        if (changed(keys, ["value", "format"])) {
          var value = m.get("value");
          if (view.url) {
            URL.revokeObjectURL(view.url);
            view.url = null;
          }
          if (value && value.byteLength) {
            var format = m.get("format") || "png";
            var type = format === "url" ? "text/plain" : "image/" + format;
            if (format === "url") {
              view.el.src = new TextDecoder().decode(value);
            } else {
              view.url = URL.createObjectURL(new Blob([value], {type: type}));
              view.el.src = view.url;
            }
          } else {
            view.el.removeAttribute("src");
          }
        }
        ["width", "height"].forEach(function (k) {
          if (m.get(k)) {
            view.el.setAttribute(k, m.get(k));
          } else {
            view.el.removeAttribute(k);
          }
        });
      }
    },
    FileUploadModel: {
      build: function (view) {
        pressable(view, "widget-upload", function () {
          view.input.click();
        });
        view.input = document.createElement("input");
        view.input.type = "file";
        view.input.style.display = "none";
        view.text = el("span", "", view.el);
        view.input.addEventListener("change", function () {
          var files = Array.prototype.slice.call(view.input.files || []);
          Promise.all(files.map(function (file) {
            return read(file).then(function (content) {
              return {name: file.name, type: file.type, size: file.size,
                      last_modified: file.lastModified, content: content};
            });
          })).then(function (items) {
            var buffers = items.map(function (item) { return item.content; });
            var paths = items.map(function (_item, i) { return ["value", i, "content"]; });
            var value = items.map(function (item) {
              return {name: item.name, type: item.type, size: item.size,
                      last_modified: item.last_modified};
            });
            view.model.save({value: value, error: ""}, buffers, paths);
            view.input.value = "";
          }).catch(function (error) {
            view.model.save({error: String(error)});
          });
        });
      },
      draw: function (view) {
        var m = view.model;
        var count = (m.get("value") || []).length;
        var text = m.get("description") || "";
        view.text.textContent = text + (count ? " (" + count + ")" : "");
        face(view);
        view.input.accept = m.get("accept") || "";
        view.input.multiple = !!m.get("multiple");
      }
    }
  };

  // ---- The page ----

  var falling = false;

  // Marks for measuring (bench/modules_bench.py reads them); nothing is sent anywhere.
  function mark(name) {
    if (window.performance && performance.mark) {
      performance.mark(name);
    }
  }

  function unsupported(name) {
    if (falling) {
      return;
    }
    falling = true;
    if (window.console) {
      console.warn("kit light front end: no view for " + name + "; loading the full one");
    }
    var url = new URL(window.location.href);
    url.searchParams.set("frontend", "voila");
    window.location.replace(url.toString());
  }

  function placeholders() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-kit-model-id]"));
  }

  function drawPage() {
    placeholders().forEach(function (node) {
      var model = models[node.getAttribute("data-kit-model-id")];
      if (!model) {
        return;
      }
      var view = makeView(model);
      if (view) {
        fill(node, [view.el]);
        node.removeAttribute("data-kit-model-id");
      }
    });
    document.body.classList.add("kit-light-ready");
    mark("kit-drawn");
    var waiting = document.getElementById("kit-light-loading");
    if (waiting) {
      waiting.remove();
    }
  }

  function onControl(data, buffers) {
    if (data.method !== "update_states") {
      return;
    }
    mark("kit-states");
    // The buffer paths start at the model id: [id, "state", "value"].
    var states = data.states || {};
    putBuffers(states, data.buffer_paths, buffers);
    Object.keys(states).forEach(function (id) {
      addModel(id, states[id], [], []);
    });
    drawPage();
  }

  function onMessage(event) {
    var msg = decode(event.data);
    var type = msg.header && msg.header.msg_type;
    var content = msg.content || {};
    if (type === "comm_msg") {
      var data = content.data || {};
      if (controlComm && content.comm_id === controlComm) {
        onControl(data, msg.buffers);
        return;
      }
      var model = models[content.comm_id];
      if (!model) {
        return;
      }
      if (data.method === "update") {
        var state = data.state || {};
        putBuffers(state, data.buffer_paths, msg.buffers);
        model.set(state);
      }
      // "echo_update" is the kernel repeating what this page sent: already applied here.
    } else if (type === "comm_open" && content.target_name === "jupyter.widget") {
      var d = content.data || {};
      addModel(content.comm_id, {state: d.state}, d.buffer_paths, msg.buffers);
    } else if (type === "comm_close") {
      var gone = models[content.comm_id];
      if (gone) {
        gone.views.forEach(drop);
        delete models[content.comm_id];
      }
    }
  }

  function connect() {
    var base = CONFIG.baseUrl;
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var url = scheme + window.location.host + base + "api/kernels/" +
      encodeURIComponent(CONFIG.kernelId) + "/channels?session_id=" + SESSION;
    socket = new WebSocket(url, PROTOCOL);
    socket.binaryType = "arraybuffer";
    socket.onmessage = onMessage;
    socket.onopen = function () {
      mark("kit-socket-open");
      attempts = 0;
      controlComm = uid();
      var open = message("comm_open", {comm_id: controlComm,
                                        target_name: "jupyter.widget.control", data: {}});
      open.metadata = {version: "1.0.0"};
      // First the states (straight on the socket, ahead of what waited), then what waited.
      var ask = message("comm_msg", {comm_id: controlComm, data: {method: "request_states"}});
      ask.metadata = {version: "2.1.0"};
      socket.send(encode(open));
      socket.send(encode(ask));
      flush();
    };
    socket.onclose = function () {
      // The connection banner (connection.macro.html.j2) tells the participant; meanwhile the
      // socket is opened again, waiting longer each time (a phone back from a locked screen or
      // a Wi-Fi gap continues with the same kernel and gets every widget's state again).
      if (leaving || attempts >= 10) {
        return;
      }
      attempts += 1;
      window.setTimeout(connect, Math.min(500 * Math.pow(2, attempts), 10000));
    };
  }

  window.addEventListener("beforeunload", function () {
    leaving = true;
    var form = new FormData();
    var match = document.cookie.match("\\b_xsrf=([^;]*)\\b");
    form.append("_xsrf", (match && match[1]) || "");
    navigator.sendBeacon(CONFIG.baseUrl + "voila/api/shutdown/" +
                         encodeURIComponent(CONFIG.kernelId), form);
  });

  // For reading in a browser's console (and the kit's browser tests): the models and the socket.
  window.kitLight = {models: models, socket: function () { return socket; }};
  connect();
})();
