/* The static widget renderer (@jupyter-widgets/html-manager 1.0.6) typesets widget labels
   with the MathJax 2 API, MathJax.Hub.Queue. The book loads MathJax 3, which has no Hub, so
   every widget label would throw "Cannot read properties of undefined (reading 'Queue')".
   This gives MathJax 3 a small Hub.Queue that typesets the element with the MathJax 3 API.
   Loaded with defer after MathJax, before the widgets render. */
(function () {
  var mj = window.MathJax;
  if (!mj || mj.Hub) { return; }
  mj.Hub = {
    Queue: function (command) {
      var element = Array.isArray(command) ? command[2] : undefined;
      var typeset = function () {
        return window.MathJax.typesetPromise(element ? [element] : undefined);
      };
      var ready = mj.startup && mj.startup.promise ? mj.startup.promise : Promise.resolve();
      ready.then(typeset).catch(function (error) { console.warn("MathJax typesetting of a widget label failed", error); });
    },
  };
})();
