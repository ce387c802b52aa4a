// Latchkey console: the little that needs a script. Every page works without it.
(function () {
  'use strict';

  // "Copy": the new key to the clipboard, saying whether it worked.
  document.querySelectorAll('button[data-copy]').forEach(function (button) {
    button.addEventListener('click', function () {
      var field = document.getElementById(button.getAttribute('data-copy'));
      var status = document.getElementById('copy-status');
      var done = function (ok) {
        button.textContent = ok ? 'Copied' : 'Copy';
        if (status) {
          status.textContent = ok ? 'Copied to the clipboard.' : 'Could not copy: select the key and copy it yourself.';
        }
      };
      field.focus();
      field.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(function () { done(true); }, function () {
          done(document.execCommand && document.execCommand('copy'));
        });
      } else {
        done(document.execCommand && document.execCommand('copy'));
      }
    });
  });

  // A key such as "/" focuses the field that names it, unless one is typing already.
  document.addEventListener('keydown', function (event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) {
      return;
    }
    var field = document.querySelector('[data-shortcut="' + event.key + '"]');
    if (field) {
      event.preventDefault();
      field.focus();
    }
  });
})();
