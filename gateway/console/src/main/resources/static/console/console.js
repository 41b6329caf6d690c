// The console's only script (served from here: the Content-Security-Policy allows no inline script).
// Pages work without it; it adds feedback as you type and moves focus to what needs reading.
(function () {
  'use strict';
  document.documentElement.classList.add('js-enabled');
  document.body && document.body.classList.add('js-enabled', 'govuk-frontend-supported');

  // NHS number: the modulus-11 check of the first nine digits (weights 10 down to 2), as the gateway checks it
  function nhsNumberProblem(text) {
    var value = text.trim();
    if (value.length === 0) { return ''; }
    if (!/^[\d ]+$/.test(value)) { return 'Only digits (and spaces as in 999 000 0018)'; }
    var digits = value.replace(/ /g, '');
    if (digits.length < 10) { return (10 - digits.length) + ' more digit' + (digits.length === 9 ? '' : 's'); }
    if (digits.length > 10) { return 'An NHS number has 10 digits'; }
    if (digits !== value && !/^\d{3} \d{3} \d{4}$/.test(value)) { return 'Write it as 10 digits, or spaced as 999 000 0018'; }
    var sum = 0;
    for (var i = 0; i < 9; i++) { sum += (digits.charCodeAt(i) - 48) * (10 - i); }
    var check = 11 - (sum % 11);
    if (check === 11) { check = 0; }
    if (check === 10 || check !== digits.charCodeAt(9) - 48) { return 'The check digit is wrong: look at the number again'; }
    return null;
  }

  function onReady() {
    document.body.classList.add('js-enabled', 'govuk-frontend-supported');
    var input = document.querySelector('input[data-nhs-number="check"]');
    if (input) {
      var feedback = document.getElementById(input.id + '-check');
      input.addEventListener('input', function () {
        var problem = nhsNumberProblem(input.value);
        feedback.textContent = problem === null ? 'Valid NHS number' : problem;
        feedback.classList.toggle('console-check--ok', problem === null);
      });
    }
    // what only one choice needs (the duty numbers for a child at immediate risk): in the page for everyone, shown
    // here only while that choice is made
    document.querySelectorAll('[data-shown-when-checked]').forEach(function (panel) {
      var radio = document.getElementById(panel.getAttribute('data-shown-when-checked'));
      if (!radio) { return; }
      var update = function () { panel.hidden = !radio.checked; };
      document.querySelectorAll('input[name="' + radio.name + '"]').forEach(function (r) { r.addEventListener('change', update); });
      update();
    });
    // an error summary, or the answer to a check, is what the person needs next: take focus there
    var first = document.getElementById('error-summary') || document.getElementById('answer') || document.getElementById('verification');
    if (first) { first.focus(); }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', onReady);
  } else {
    onReady();
  }
}());
