<?cs include:"header.cs" ?>
<section class="export">
  <h1><?cs var:Lang.exp.title ?></h1>
  <?cs include:"errors.cs" ?>
  <section class="export-log">
    <h2><?cs var:Lang.exp.log.title ?></h2>
    <p class="hint"><?cs var:Lang.exp.log.hint ?></p>
    <form method="get" action="<?cs var:Base.export ?>/log" class="form">
      <label for="from"><?cs var:Lang.exp.from ?></label>
      <select id="from" name="from"<?cs if:Error.from ?> aria-invalid="true"<?cs /if ?>>
        <?cs each:m = Exp.months ?><option value="<?cs var:m.value ?>"<?cs if:m.value == Form.from ?> selected<?cs /if ?>><?cs var:m.label ?></option><?cs /each ?>
      </select>
      <?cs if:Error.from ?><p class="field-error"><?cs var:Error.from ?></p><?cs /if ?>
      <label for="to"><?cs var:Lang.exp.to ?></label>
      <select id="to" name="to"<?cs if:Error.to ?> aria-invalid="true"<?cs /if ?>>
        <?cs each:m = Exp.months ?><option value="<?cs var:m.value ?>"<?cs if:m.value == Form.to ?> selected<?cs /if ?>><?cs var:m.label ?></option><?cs /each ?>
      </select>
      <?cs if:Error.to ?><p class="field-error"><?cs var:Error.to ?></p><?cs /if ?>
      <div class="actions">
        <button type="submit" name="download" value="0" class="primary"><?cs var:Lang.exp.log.show ?></button>
        <button type="submit" name="download" value="1"><?cs var:Lang.exp.log.download ?></button>
      </div>
    </form>
  </section>
</section>
<?cs include:"footer.cs" ?>
