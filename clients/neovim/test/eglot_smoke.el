;;; eglot_smoke.el --- the README's eglot snippet against test/fake_server.py  -*- lexical-binding: t -*-
;; emacs --batch --no-init-file -l test/eglot_smoke.el   (from a workspace directory)
;; Environment: ROUTELINK_PLUGIN, ROUTELINK_WS, ROUTELINK_PYTHON, ROUTELINK_FAKE_LOG.
(require 'eglot)
(require 'project)
(require 'json)

(defvar rl-plugin (getenv "ROUTELINK_PLUGIN"))
(defvar rl-ws (getenv "ROUTELINK_WS"))
(defvar rl-python (getenv "ROUTELINK_PYTHON"))
(defvar rl-failures 0)
(defvar rl-passes 0)
(defun rl-check (name ok &optional detail)
  (if ok (progn (setq rl-passes (1+ rl-passes)) (princ (format "ok %s\n" name)))
    (setq rl-failures (1+ rl-failures))
    (princ (format "FAIL %s: %S\n" name detail))))

(add-to-list 'auto-mode-alist '("\\.ts\\'" . js-mode))

;; The README snippet, with the fake server as the program.
(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs
               `((js-mode js-ts-mode typescript-mode typescript-ts-mode tsx-ts-mode
                  python-mode python-ts-mode vue-mode)
                 . (,rl-python ,(concat rl-plugin "/test/fake_server.py") :initializationOptions
                    (:exclude [] :severity (:unused-route "information")
                     :codeLens (:enable t) :maxFileSizeKb 1024))))
  (setq-default eglot-workspace-configuration
                '(:routelink (:exclude [] :severity (:unused-route "information")
                              :codeLens (:enable t) :maxFileSizeKb 1024))))

(find-file (concat rl-ws "/frontend.ts"))
(apply #'eglot (eglot--guess-contact))
(let ((n 0))
  (while (and (< n 100) (not (eglot-current-server)))
    (accept-process-output nil 0.1) (setq n (1+ n))))
(rl-check "eglot connected" (eglot-current-server))
(accept-process-output nil 1)
(goto-char (point-min))
(xref-find-definitions (xref-backend-identifier-at-point (xref-find-backend)))
(accept-process-output nil 0.5)
(rl-check "M-. on the call opens the handler"
          (and (string-suffix-p "backend.ts" (buffer-file-name)) (= (line-number-at-pos) 2))
          (list (buffer-file-name) (line-number-at-pos)))

(let ((events (with-temp-buffer
                (insert-file-contents (getenv "ROUTELINK_FAKE_LOG"))
                (mapcar (lambda (l) (let ((json-object-type 'alist) (json-array-type 'list)) (json-read-from-string l)))
                        (split-string (buffer-string) "\n" t))))
      (expected '((exclude) (severity (unused-route . "information")) (codeLens (enable . t)) (maxFileSizeKb . 1024))))
  (let ((init (seq-find (lambda (e) (equal (alist-get 'event e) "initialize")) events))
        (conf (seq-find (lambda (e) (equal (alist-get 'event e) "configuration")) events)))
    (rl-check "initializationOptions" (equal (alist-get 'initializationOptions init) expected) init)
    (rl-check "workspace/configuration answered with the routelink section"
              (equal (alist-get 'value conf) (list expected)) conf)))

(princ (format "emacs %s eglot: %d passed, %d failed\n" emacs-version rl-passes rl-failures))
(kill-emacs (if (= rl-failures 0) 0 1))
