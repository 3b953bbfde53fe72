;;; eglot_client.el --- drive `routelink serve' from Emacs eglot, in batch  -*- lexical-binding: t; -*-
;;
;;   ROUTELINK_WS=<workspace copy> ROUTELINK_CMD='["python","-m","routelink","serve"]' \
;;   ROUTELINK_OUT=<result.json> emacs --batch --no-init-file -l eglot_client.el
;;
;; Opens a frontend file of the workspace, lets eglot start the server, and writes what
;; Emacs holds as JSON: the Flymake diagnostics eglot made, where `xref-find-definitions'
;; on a call lands, the xref references of that handler, and the diagnostics after the
;; quick fix is applied with `eglot-code-actions' (eglot's own edit machinery).
;; Every wait is bounded; failures go to "errors" and Emacs still exits.
;; ROUTELINK_EGLOT_EVENTS=<file>, if set, receives eglot's JSON-RPC log (for debugging).

(require 'eglot)
(require 'json)
(require 'flymake)
(require 'xref)

(defvar rl-ws (getenv "ROUTELINK_WS"))
(defvar rl-out-path (getenv "ROUTELINK_OUT"))
(defvar rl-cmd (append (json-read-from-string (getenv "ROUTELINK_CMD")) nil))
(defvar rl-out (list (cons 'errors [])))
(defvar rl-errors nil)
(defconst rl-timeout 20.0)

(defun rl-put (key value) (push (cons key value) rl-out))
(defun rl-fail (msg) (push msg rl-errors))

(defun rl-wait (pred)
  "Process events until PRED is non-nil or `rl-timeout' seconds pass."
  (let ((deadline (+ (float-time) rl-timeout)) value)
    (while (and (not (setq value (funcall pred))) (< (float-time) deadline))
      (accept-process-output nil 0.05)
      ;; Flymake runs its backends from timers and commands; in batch, ask it.
      (when (bound-and-true-p flymake-mode) (flymake-start nil t)))
    value))

;; a mode for TSX files, so that eglot sends languageId "typescriptreact"
(define-derived-mode typescriptreact-mode prog-mode "TSX")
(add-to-list 'eglot-server-programs `(typescriptreact-mode . ,rl-cmd))
;; the workspace copy is the project root (it is not a VCS checkout)
(add-hook 'project-find-functions (lambda (_dir) (cons 'transient (file-name-as-directory rl-ws))))
(setq eglot-sync-connect rl-timeout
      eglot-autoshutdown nil
      flymake-no-changes-timeout 0.1
      eglot-events-buffer-size 2000000
      eglot-confirm-server-initiated-edits nil)

(defun rl-diagnostics ()
  "Flymake's diagnostics in the current buffer, 0-based lines and columns."
  (sort
   (mapcar (lambda (d)
             (let ((beg (flymake-diagnostic-beg d)) (end (flymake-diagnostic-end d)))
               (list (cons 'line (1- (line-number-at-pos beg)))
                     (cons 'col (save-excursion (goto-char beg) (current-column)))
                     (cons 'end_line (1- (line-number-at-pos end)))
                     (cons 'end_col (save-excursion (goto-char end) (current-column)))
                     (cons 'type (symbol-name (flymake-diagnostic-type d)))
                     (cons 'text (flymake-diagnostic-text d)))))
           (flymake-diagnostics))
   (lambda (a b) (< (alist-get 'line a) (alist-get 'line b)))))

(defun rl-has (text)
  (cl-some (lambda (d) (string-match-p (regexp-quote text) (flymake-diagnostic-text d)))
           (flymake-diagnostics)))

(defun rl-xref-locations (items)
  (mapcar (lambda (item)
            (let ((loc (xref-item-location item)))
              (list (cons 'file (xref-file-location-file loc))
                    (cons 'line (xref-file-location-line loc)))))
          items))

(condition-case err
    (let ((orders (find-file (expand-file-name "frontend/src/pages/OrdersPage.tsx" rl-ws))))
      (with-current-buffer orders
        (typescriptreact-mode)
        (apply #'eglot (append (list '(typescriptreact-mode) (eglot--current-project)
                                     'eglot-lsp-server rl-cmd "typescriptreact")))
        (unless (eglot-current-server) (rl-fail "eglot did not connect"))
        (rl-put 'server_name (plist-get (eglot--server-info (eglot-current-server)) :name))
        ;; 1. diagnostics
        (unless (rl-wait (lambda () (>= (length (flymake-diagnostics)) 2)))
          (rl-fail "no diagnostics in OrdersPage.tsx"))
        (rl-put 'diagnostics (rl-diagnostics))
        ;; 2. definition on http.get<Order[]>('/orders'), via xref as M-. does
        (goto-char (point-min))
        (search-forward "http.get<Order[]>('/orders')")
        (backward-char 4)
        (let* ((backend (xref-find-backend))
               (defs (xref-backend-definitions backend (xref-backend-identifier-at-point backend))))
          (rl-put 'definitions (vconcat (rl-xref-locations defs)))
          (if (null defs)
              (rl-fail "no definition")
            (xref-pop-to-location (car defs))
            (rl-put 'landed (list (cons 'file (buffer-file-name))
                                  (cons 'line (line-number-at-pos))
                                  (cons 'text (buffer-substring-no-properties
                                               (line-beginning-position) (line-end-position)))))
            ;; 3. references on that handler (the backend buffer is managed too)
            (typescriptreact-mode)      ; eglot manages the backend buffer too
            (let* ((backend (xref-find-backend))
                   (refs (xref-backend-references backend (xref-backend-identifier-at-point backend))))
              (rl-put 'references (vconcat (rl-xref-locations refs)))))))
      ;; 4. the method-mismatch quick fix, applied by eglot
      (with-current-buffer orders
        (switch-to-buffer orders)
        (goto-char (point-min))
        (search-forward "http.post(`/orders/")
        (let ((beg (line-beginning-position)) (end (line-end-position)))
          (eglot-code-actions beg end "quickfix" t)
          ;; eglot sends didChange from an idle timer, and batch Emacs is never idle:
          ;; flush it the way that timer does
          (eglot--signal-textDocument/didChange)
          (rl-put 'fixed_line (buffer-substring-no-properties beg (line-end-position))))
        (rl-put 'fix_cleared
                (and (rl-wait (lambda () (not (rl-has "only for PATCH")))) t))
        (rl-put 'diagnostics_after_fix (rl-diagnostics)))
      (when (getenv "ROUTELINK_EGLOT_EVENTS")
        (with-current-buffer (jsonrpc-events-buffer (with-current-buffer orders (eglot-current-server)))
          (write-region (point-min) (point-max) (getenv "ROUTELINK_EGLOT_EVENTS"))))
      (eglot-shutdown (with-current-buffer orders (eglot-current-server)))
      (rl-put 'shutdown t))
  (error (rl-fail (format "elisp error: %S" err))))

(rl-put 'errors (vconcat (reverse rl-errors)))
(with-temp-file rl-out-path
  (insert (json-encode rl-out)))
(kill-emacs 0)
