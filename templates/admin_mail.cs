<?cs include:"header.cs" ?>
<?cs include:"admin_nav.cs" ?>
<section>
  <h1><?cs var:Lang.mail.title ?></h1>
  <?cs if:Query.saved ?><p class="notice" role="status"><?cs var:Lang.mail.saved ?></p><?cs /if ?>
  <?cs if:Query.resent ?><p class="notice" role="status"><?cs var:Lang.mail.resent ?></p><?cs /if ?>
  <?cs if:Mail.cron.late ?><p class="warning cron-late" role="alert"><?cs var:Lang.mail.cron_late ?></p><?cs /if ?>
  <p class="cron-last"><?cs var:Lang.mail.cron_last ?>: <strong><?cs if:Mail.cron.last ?><?cs var:Mail.cron.last ?><?cs else ?><?cs var:Lang.mail.never ?><?cs /if ?></strong></p>
  <?cs include:"errors.cs" ?>
  <form method="post" action="<?cs var:Base.admin ?>/mail" class="form narrow">
    <input type="hidden" name="csrf" value="<?cs var:User.csrf ?>">
    <label for="transport"><?cs var:Lang.mail.transport ?></label>
    <select id="transport" name="transport">
      <option value="none"<?cs if:Form.transport == "none" ?> selected<?cs /if ?>><?cs var:Lang.mail.t_none ?></option>
      <option value="smtp"<?cs if:Form.transport == "smtp" ?> selected<?cs /if ?>><?cs var:Lang.mail.t_smtp ?></option>
      <option value="sendmail"<?cs if:Form.transport == "sendmail" ?> selected<?cs /if ?>><?cs var:Lang.mail.t_sendmail ?></option>
    </select>
    <label for="sender"><?cs var:Lang.mail.sender ?></label>
    <input id="sender" name="sender" type="email" maxlength="254" value="<?cs var:Form.sender ?>"<?cs if:Error.sender ?> aria-invalid="true"<?cs /if ?>>
    <?cs if:Error.sender ?><p class="field-error"><?cs var:Error.sender ?></p><?cs /if ?>
    <label for="smtp_host"><?cs var:Lang.mail.host ?></label>
    <input id="smtp_host" name="smtp_host" maxlength="253" value="<?cs var:Form.smtp_host ?>"<?cs if:Error.smtp_host ?> aria-invalid="true"<?cs /if ?>>
    <?cs if:Error.smtp_host ?><p class="field-error"><?cs var:Error.smtp_host ?></p><?cs /if ?>
    <label for="smtp_port"><?cs var:Lang.mail.port ?></label>
    <input id="smtp_port" name="smtp_port" type="number" min="1" max="65535" value="<?cs var:Form.smtp_port ?>"<?cs if:Error.smtp_port ?> aria-invalid="true"<?cs /if ?>>
    <?cs if:Error.smtp_port ?><p class="field-error"><?cs var:Error.smtp_port ?></p><?cs /if ?>
    <label for="smtp_security"><?cs var:Lang.mail.security ?></label>
    <select id="smtp_security" name="smtp_security">
      <option value="starttls"<?cs if:Form.smtp_security == "starttls" ?> selected<?cs /if ?>>STARTTLS</option>
      <option value="tls"<?cs if:Form.smtp_security == "tls" ?> selected<?cs /if ?>>TLS</option>
      <option value="none"<?cs if:Form.smtp_security == "none" ?> selected<?cs /if ?>><?cs var:Lang.mail.s_none ?></option>
    </select>
    <label for="smtp_user"><?cs var:Lang.mail.user ?></label>
    <input id="smtp_user" name="smtp_user" maxlength="254" autocomplete="off" value="<?cs var:Form.smtp_user ?>">
    <label for="smtp_password"><?cs var:Lang.mail.password ?></label>
    <input id="smtp_password" name="smtp_password" type="password" autocomplete="new-password" maxlength="512">
    <p class="hint"><?cs if:Mail.has_password ?><?cs var:Lang.mail.password_set ?><?cs else ?><?cs var:Lang.mail.password_none ?><?cs /if ?></p>
    <?cs if:Mail.has_password ?><label class="check"><input type="checkbox" name="clear_password" value="1"> <?cs var:Lang.mail.clear_password ?></label><?cs /if ?>
    <label for="base_url"><?cs var:Lang.mail.base_url ?></label>
    <input id="base_url" name="base_url" maxlength="250" value="<?cs var:Form.base_url ?>"<?cs if:Error.base_url ?> aria-invalid="true"<?cs /if ?>>
    <p class="hint"><?cs var:Lang.mail.base_url_hint ?></p>
    <?cs if:Error.base_url ?><p class="field-error"><?cs var:Error.base_url ?></p><?cs /if ?>
    <label for="reminder_minutes"><?cs var:Lang.mail.reminder ?></label>
    <input id="reminder_minutes" name="reminder_minutes" type="number" min="0" max="10080" value="<?cs var:Form.reminder_minutes ?>"<?cs if:Error.reminder_minutes ?> aria-invalid="true"<?cs /if ?>>
    <p class="hint"><?cs var:Lang.mail.reminder_hint ?></p>
    <?cs if:Error.reminder_minutes ?><p class="field-error"><?cs var:Error.reminder_minutes ?></p><?cs /if ?>
    <label class="check"><input type="checkbox" name="requests_enabled" value="1"<?cs if:Form.requests_enabled ?> checked<?cs /if ?>> <?cs var:Lang.mail.requests ?></label>
    <p class="hint"><a href="<?cs var:Base.admin ?>/requests"><?cs var:Lang.request.admin_title ?></a></p>
    <div class="actions"><button type="submit" class="primary"><?cs var:Lang.form.save ?></button></div>
  </form>
  <h2><?cs var:Lang.mail.outbox ?></h2>
  <?cs if:subcount(Mail.outbox) == 0 ?><p><?cs var:Lang.mail.empty ?></p><?cs else ?>
  <table class="list outbox">
    <thead><tr><th><?cs var:Lang.mail.col_queued ?></th><th><?cs var:Lang.mail.col_to ?></th><th><?cs var:Lang.mail.col_kind ?></th><th><?cs var:Lang.mail.col_status ?></th><th><?cs var:Lang.mail.col_answer ?></th><th></th></tr></thead>
    <tbody>
    <?cs each:m = Mail.outbox ?>
    <tr class="mail-<?cs var:m.status ?>" data-id="<?cs var:m.id ?>">
      <td><?cs var:m.queued ?></td>
      <td><?cs var:m.recipient ?></td>
      <td><?cs var:Lang.mail.kind[m.kind] ?><?cs if:m.action ?> (<?cs var:m.action ?>)<?cs /if ?><?cs if:m.subject ?><br><small><?cs var:m.subject ?></small><?cs /if ?></td>
      <td class="status"><?cs var:Lang.mail.status[m.status] ?><?cs if:m.sent ?><br><small><?cs var:m.sent ?></small><?cs /if ?><?cs if:m.next ?><br><small><?cs var:Lang.mail.next ?> <?cs var:m.next ?></small><?cs /if ?> <small>(<?cs var:m.attempts ?>)</small></td>
      <td class="answer"><?cs var:m.answer ?></td>
      <td><?cs if:m.status != "queued" && (m.kind == "booking" || m.kind == "reminder" || m.kind == "trip" || m.kind == "req_no") ?><form method="post" action="<?cs var:Base.admin ?>/mail/<?cs var:m.id ?>/resend"><input type="hidden" name="csrf" value="<?cs var:User.csrf ?>"><button type="submit"><?cs var:Lang.mail.resend ?></button></form><?cs /if ?></td>
    </tr>
    <?cs /each ?>
    </tbody>
  </table>
  <?cs /if ?>
</section>
<?cs include:"footer.cs" ?>
