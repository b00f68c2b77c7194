<?cs include:"header.cs" ?>
<section class="narrow">
  <p><a href="<?cs var:Base.export ?>/billing"><?cs var:Lang.exp.bx.title ?></a></p>
  <h1><?cs var:Lang.exp.bx.new ?></h1>
  <?cs include:"errors.cs" ?>
  <form method="post" action="<?cs var:Base.export ?>/billing/new" class="form">
    <input type="hidden" name="csrf" value="<?cs var:User.csrf ?>">
    <label for="start"><?cs var:Lang.exp.bx.start ?></label>
    <input id="start" name="start" type="date" value="<?cs var:Form.start ?>" required<?cs if:Error.start ?> aria-invalid="true"<?cs /if ?>>
    <?cs if:Error.start ?><p class="field-error"><?cs var:Error.start ?></p><?cs /if ?>
    <label for="end"><?cs var:Lang.exp.bx.end ?></label>
    <input id="end" name="end" type="date" value="<?cs var:Form.end ?>" required<?cs if:Error.end ?> aria-invalid="true"<?cs /if ?>>
    <?cs if:Error.end ?><p class="field-error"><?cs var:Error.end ?></p><?cs /if ?>
    <label for="title"><?cs var:Lang.exp.bx.col.title ?></label>
    <input id="title" name="title" maxlength="200" value="<?cs var:Form.title ?>" required<?cs if:Error.title ?> aria-invalid="true"<?cs /if ?>>
    <?cs if:Error.title ?><p class="field-error"><?cs var:Error.title ?></p><?cs /if ?>
    <label for="teaser"><?cs var:Lang.exp.bx.teaser ?></label>
    <textarea id="teaser" name="teaser" maxlength="2000" rows="3"<?cs if:Error.teaser ?> aria-invalid="true"<?cs /if ?>><?cs var:Form.teaser ?></textarea>
    <?cs if:Error.teaser ?><p class="field-error"><?cs var:Error.teaser ?></p><?cs /if ?>
    <label for="provider"><?cs var:Lang.exp.bx.provider_filter ?></label>
    <input id="provider" name="provider" maxlength="200" value="<?cs var:Form.provider ?>"<?cs if:Error.provider ?> aria-invalid="true"<?cs /if ?>>
    <p class="hint"><?cs var:Lang.exp.bx.provider_hint ?></p>
    <?cs if:Error.provider ?><p class="field-error"><?cs var:Error.provider ?></p><?cs /if ?>
    <label class="check"><input type="checkbox" name="mark" value="1"<?cs if:Form.mark == "1" || Form.mark == "on" ?> checked<?cs /if ?>> <?cs var:Lang.exp.bx.mark ?></label>
    <p class="hint"><?cs var:Lang.exp.bx.mark_hint ?></p>
    <?cs if:Error.mark ?><p class="field-error"><?cs var:Error.mark ?></p><?cs /if ?>
    <div class="actions">
      <button type="submit" class="primary"><?cs var:Lang.exp.bx.create ?></button>
      <a class="btn" href="<?cs var:Base.export ?>/billing/new" role="button"><?cs var:Lang.exp.bx.reset ?></a>
      <a class="btn" href="<?cs var:Base.export ?>/billing"><?cs var:Lang.form.cancel ?></a>
    </div>
  </form>
</section>
<?cs include:"footer.cs" ?>
