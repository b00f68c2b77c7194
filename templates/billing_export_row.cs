<?cs include:"header.cs" ?>
<section class="narrow">
  <p><a href="<?cs var:Base.export ?>/billing/<?cs var:Bx.row.export ?>"><?cs var:Bx.row.export_title ?></a></p>
  <h1><?cs var:Lang.exp.bx.row.edit ?></h1>
  <?cs if:Bx.row.billing_id ?><p class="hint"><?cs var:Lang.exp.bx.col.billing_id ?>: <?cs var:Bx.row.billing_id ?></p><?cs /if ?>
  <?cs if:Bx.row.deleted == "1" ?><p class="notice"><?cs var:Lang.exp.bx.row.deleted ?></p><?cs /if ?>
  <?cs include:"errors.cs" ?>
  <form method="post" action="<?cs var:Base.export ?>/billing/row/<?cs var:Bx.row.id ?>" class="form">
    <?cs include:"billing_export_rowfields.cs" ?>
    <div class="actions">
      <button type="submit" class="primary"><?cs var:Lang.form.save ?></button>
      <a class="btn" href="<?cs var:Base.export ?>/billing/<?cs var:Bx.row.export ?>"><?cs var:Lang.form.cancel ?></a>
    </div>
  </form>
</section>
<?cs include:"footer.cs" ?>
